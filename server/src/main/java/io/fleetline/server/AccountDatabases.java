package io.fleetline.server;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.server.config.StorageSettings;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the state of an account other than the configured one is kept (permissive mode): on SQLite a database file
 * of its own under {@code accounts/} in the data directory; on PostgreSQL a schema of its own beside the server's.
 * Its object store's bytes are in a directory of its own beside the SQLite file, on either database.
 */
final class AccountDatabases {
    private static final Pattern SCHEMA = Pattern.compile("([?&]currentSchema=)([A-Za-z0-9_]+)");

    private AccountDatabases() {
    }

    /** The home account's content directory: {@code blobs/} in the data directory. */
    static Path homeContentDir(Path dataDir) {
        return dataDir.resolve("blobs");
    }

    /**
     * The content directory of another account's embedded object store: {@code accounts/<account>_<region>.blobs/}.
     * Each account has its own, never a shared one: a sweep asks only its own account's metadata what is referenced.
     */
    static Path contentDir(Path dataDir, AccountScope scope) {
        return dataDir.resolve("accounts").resolve(suffix(scope) + ".blobs");
    }

    /** Another account's fleet index: {@code accounts/<account>_<region>.index/}. */
    static Path indexDir(Path dataDir, AccountScope scope) {
        return dataDir.resolve("accounts").resolve(suffix(scope) + ".index");
    }

    static String url(StorageSettings storage, Path dataDir, AccountScope scope) {
        String suffix = suffix(scope);
        String base = storage.jdbcUrl();
        if (!base.startsWith("jdbc:postgresql:")) {
            return "jdbc:sqlite:" + dataDir.resolve("accounts").resolve(suffix + ".db").toAbsolutePath();
        }
        Matcher schema = SCHEMA.matcher(base);
        if (schema.find()) {
            return schema.replaceFirst("$1" + Matcher.quoteReplacement(schema.group(2) + "_" + suffix));
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=fleetline_" + suffix;
    }

    private static String suffix(AccountScope scope) {
        return scope.accountId() + "_" + scope.region().replace('-', '_');
    }
}
