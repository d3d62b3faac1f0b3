package io.fleetline.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The value of a flag that was not given: from the environment ({@code FLEETLINE_HTTP_PORT} for {@code --http-port}),
 * then from the {@code --config} properties file ({@code http-port=8080}), then the command's default.
 */
final class SettingsDefaults implements CommandLine.IDefaultValueProvider {
    /**
     * A command (or a mixin of flags several commands share) whose flags default to what the settings records own, as
     * text; picocli shows it in {@code --help} too. The records are the one place a default is written.
     */
    interface FromRecords {
        /** The default of each flag that has one, by its name without the leading dashes. */
        Map<String, String> flagDefaults();
    }

    private final Map<String, String> environment;
    private final Properties file;

    SettingsDefaults(Map<String, String> environment, Properties file) {
        this.environment = Map.copyOf(environment);
        this.file = file;
    }

    static Properties load(Optional<String> path) throws IOException {
        Properties properties = new Properties();
        if (path.isPresent()) {
            try (InputStream in = Files.newInputStream(Path.of(path.get()))) {
                properties.load(in);
            }
        }
        return properties;
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec arg) {
        if (!(arg instanceof CommandLine.Model.OptionSpec option)) {
            return null;
        }
        String key = option.longestName().replaceFirst("^--", "");
        String env = environment.get("FLEETLINE_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
        if (env != null && !env.isEmpty()) {
            return env;
        }
        String fromFile = file.getProperty(key);
        if (fromFile != null) {
            return fromFile;
        }
        return declarer(option) instanceof FromRecords declarer
                ? declarer.flagDefaults().get(key)
                : option.defaultValue();
    }

    /** The object whose field the flag is: its command, or the mixin that brought it into the command. */
    private static Object declarer(CommandLine.Model.OptionSpec option) {
        try {
            return option.scope().get();
        } catch (Exception e) {
            return option.command().userObject();
        }
    }
}
