package io.fleetline.server;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.storage.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the state of an account other than the configured one is kept (permissive mode): on SQLite a database file
 * of its own under {@code accounts/} in the data directory; on PostgreSQL a schema of its own beside the server's.
 * Both are named {@code <account>_<region with underscores>}, so the accounts a server has served can be listed.
 */
final class AccountDatabases {
    private static final Pattern SCHEMA = Pattern.compile("([?&]currentSchema=)([A-Za-z0-9_]+)");
    private static final Pattern SUFFIX = Pattern.compile("(\\d{12})_([a-z0-9_]+)");
    private static final String DEFAULT_SCHEMA_PREFIX = "fleetline_";

    private AccountDatabases() {
    }

    static String url(ServerConfig config, Path dataDir, AccountScope scope) {
        String suffix = suffix(scope);
        String base = config.jdbcUrl();
        if (!postgres(base)) {
            return "jdbc:sqlite:" + sqliteFile(dataDir, suffix).toAbsolutePath();
        }
        Matcher schema = SCHEMA.matcher(base);
        if (schema.find()) {
            return schema.replaceFirst("$1" + Matcher.quoteReplacement(schema.group(2) + "_" + suffix));
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + DEFAULT_SCHEMA_PREFIX + suffix;
    }

    /**
     * The accounts and regions whose state this server keeps besides the home one: those that called it before, in
     * this process or an earlier one. {@code home} is the server's own database, in which PostgreSQL lists schemas.
     */
    static List<AccountScope> known(ServerConfig config, Path dataDir, Database home) {
        String base = config.jdbcUrl();
        if (!postgres(base)) {
            Path dir = dataDir.resolve("accounts");
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(dir)) {
                return files.map(f -> f.getFileName().toString()).filter(name -> name.endsWith(".db"))
                        .map(name -> scope(name.substring(0, name.length() - ".db".length())))
                        .flatMap(Optional::stream).sorted(java.util.Comparator.comparing(AccountScope::toString))
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        Matcher schema = SCHEMA.matcher(base);
        String prefix = (schema.find() ? schema.group(2) + "_" : DEFAULT_SCHEMA_PREFIX).toLowerCase(Locale.ROOT);
        List<String> schemas = home.read(h -> h.createQuery(
                        "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE :prefix ORDER BY 1")
                .bind("prefix", prefix.replace("_", "\\_") + "%").mapTo(String.class).list());
        return schemas.stream().map(name -> scope(name.substring(prefix.length()))).flatMap(Optional::stream).toList();
    }

    private static Optional<AccountScope> scope(String suffix) {
        Matcher m = SUFFIX.matcher(suffix);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AccountScope(m.group(2).replace('_', '-'), m.group(1)));
        } catch (IllegalArgumentException notARegion) {
            return Optional.empty();  // someone else's file or schema that happens to look alike
        }
    }

    private static String suffix(AccountScope scope) {
        return scope.accountId() + "_" + scope.region().replace('-', '_');
    }

    private static Path sqliteFile(Path dataDir, String suffix) {
        return dataDir.resolve("accounts").resolve(suffix + ".db");
    }

    private static boolean postgres(String url) {
        return url.startsWith("jdbc:postgresql:");
    }
}
