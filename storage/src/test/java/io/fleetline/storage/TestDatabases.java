package io.fleetline.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Databases for tests: a fresh SQLite file, or a fresh schema in the PostgreSQL that
 * {@code FLEETLINE_TEST_PG_URL} names (default: the local server's {@code test} database).
 * With {@code FLEETLINE_TEST_REQUIRE_PG=true}, as CI sets it, an unreachable PostgreSQL fails the test
 * instead of skipping it.
 */
public final class TestDatabases {
    private static final String DEFAULT_PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private TestDatabases() {
    }

    public static String sqliteUrl(Path dir) {
        return "jdbc:sqlite:" + dir.resolve("fleetline-" + UUID.randomUUID() + ".db").toAbsolutePath();
    }

    /** A JDBC URL of a schema no other test uses; drop it with {@link #dropPostgresSchema}. */
    public static String postgresUrl() {
        String base = System.getenv().getOrDefault("FLEETLINE_TEST_PG_URL", DEFAULT_PG);
        try (Connection c = DriverManager.getConnection(base)) {
            c.isValid(2);
        } catch (SQLException e) {
            if (Boolean.parseBoolean(System.getenv("FLEETLINE_TEST_REQUIRE_PG"))) {
                throw new IllegalStateException("PostgreSQL is required but unreachable at " + base, e);
            }
            Assumptions.abort("PostgreSQL not reachable at " + base + ": " + e.getMessage());
        }
        String schema = "fl_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public static void dropPostgresSchema(String url) {
        int at = url.indexOf("currentSchema=");
        if (at < 0) {
            return;
        }
        String schema = url.substring(at + "currentSchema=".length()).split("&")[0];
        try (Connection c = DriverManager.getConnection(url.substring(0, at - 1)); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            // the schemas of further accounts a permissive server opened beside it
            java.util.List<String> accountSchemas = new java.util.ArrayList<>();
            try (var rows = s.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE '" + schema
                    + "\\_%'")) {
                while (rows.next()) {
                    accountSchemas.add(rows.getString(1));
                }
            }
            for (String accountSchema : accountSchemas) {
                s.execute("DROP SCHEMA IF EXISTS " + accountSchema + " CASCADE");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema, e);
        }
    }
}
