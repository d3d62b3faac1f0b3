package io.fleetline.server;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.server.config.StorageSettings;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the state of an account other than the configured one is kept (permissive mode): on SQLite a database file
 * of its own under {@code accounts/} in the data directory; on PostgreSQL a schema of its own beside the server's.
 */
final class AccountDatabases {
    private static final Pattern SCHEMA = Pattern.compile("([?&]currentSchema=)([A-Za-z0-9_]+)");

    private AccountDatabases() {
    }

    static String url(StorageSettings storage, Path dataDir, AccountScope scope) {
        String suffix = scope.accountId() + "_" + scope.region().replace('-', '_');
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
}
