package io.fleetline.server;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fleetline} command line. */
@Command(name = "fleetline", mixinStandardHelpOptions = true, version = "Fleetline 0.1.0",
        description = "Self-hosted AWS IoT-compatible device management and OTA server.",
        subcommands = {ServeCommand.class, ResetCommand.class, SigningKeyCommand.class, AgentCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and answers its exit code. */
    public static int run(String... args) {
        Properties file;
        try {
            file = SettingsDefaults.load(configFileArgument(args).or(() -> Optional.ofNullable(System.getenv("FLEETLINE_CONFIG"))));
        } catch (IOException e) {
            System.err.println("fleetline: cannot read the config file: " + e.getMessage());
            return 2;
        }
        return commandLine(System.getenv(), file).execute(args);
    }

    /** The command line with settings layered as documented: flags, then environment, then file, then defaults. */
    static CommandLine commandLine(Map<String, String> environment, Properties file) {
        CommandLine cli = new CommandLine(new Main());
        cli.setDefaultValueProvider(new SettingsDefaults(environment, file));
        return cli;
    }

    /** The --config file is needed before the other options are parsed, as it supplies their defaults. */
    private static Optional<String> configFileArgument(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Optional.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Optional.of(args[i].substring("--config=".length()));
            }
        }
        return Optional.empty();
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
