package io.fleetline.bench;

import io.fleetline.storage.Json;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * The SQL side of the comparison: the same fleet in one PostgreSQL table, {@code search_bench.thing (name, thing_id,
 * attributes jsonb, reported jsonb)}, with the indexes a developer would add for these queries: the primary key on
 * the name (collation "C", the byte order SearchIndex sorts by), and an expression B-tree per queried field, with the
 * name as second key where the field is compared for equality, so that {@code ORDER BY name LIMIT 100} can walk one
 * value's entries in order. The queries answer what SearchIndex answers: the first 100 by name, with the thing's id,
 * attributes and reported state.
 */
final class SqlBaseline {
    static final String SCHEMA = "search_bench";
    private static final String FROM = " FROM " + SCHEMA + ".thing WHERE ";
    static final String TERM = "attributes->>'model' = 'm7'";
    static final String RANGE = "(attributes->>'weight')::numeric BETWEEN 100 AND 200";
    static final String BOOLEAN = "attributes->>'location' = 'floor-1'"
            + " AND (reported->>'firmwareVersion')::numeric < 2.1 AND attributes->>'model' = 'm7'";
    static final List<String> INDEXES = List.of(
            "CREATE INDEX thing_model ON " + SCHEMA + ".thing ((attributes->>'model'), name)",
            "CREATE INDEX thing_location ON " + SCHEMA + ".thing ((attributes->>'location'), name)",
            "CREATE INDEX thing_weight ON " + SCHEMA + ".thing (((attributes->>'weight')::numeric))",
            "CREATE INDEX thing_firmware ON " + SCHEMA + ".thing (((reported->>'firmwareVersion')::numeric))");
    /** The index that suits the three-clause query alone, tried after the measured run as the SQL side's best case. */
    static final String COMPOSITE = "CREATE INDEX thing_location_model_firmware ON " + SCHEMA + ".thing"
            + " ((attributes->>'location'), (attributes->>'model'), ((reported->>'firmwareVersion')::numeric), name)";
    private static final int CHUNK = 50_000;

    private final String url;

    private SqlBaseline(String url) {
        this.url = url;
    }

    /** Creates the table afresh, copies the fleet in, builds the indexes and analyses; prints how long each took. */
    static SqlBaseline load(String url, int count, boolean reuse) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            if (reuse && rows(s) == count) {
                s.execute("DROP INDEX IF EXISTS " + SCHEMA + ".thing_location_model_firmware");
                s.execute("ANALYZE " + SCHEMA + ".thing");
                System.out.println("postgresql: the table an earlier run loaded");
                return new SqlBaseline(url);
            }
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("CREATE TABLE " + SCHEMA + ".thing (name text COLLATE \"C\" PRIMARY KEY, thing_id text NOT NULL,"
                    + " attributes jsonb NOT NULL, reported jsonb NOT NULL)");
            long started = System.nanoTime();
            for (int from = 0; from < count; from += CHUNK) {
                StringBuilder rows = new StringBuilder();
                for (int i = from; i < Math.min(count, from + CHUNK); i++) {
                    rows.append(SearchFleet.name(i)).append('\t').append(SearchFleet.id(i)).append('\t')
                            .append(Json.write(SearchFleet.attributes(i))).append('\t')
                            .append(SearchFleet.reported(i)).append('\n');
                }
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + SCHEMA + ".thing FROM STDIN",
                        new StringReader(rows.toString()));
            }
            double copied = (System.nanoTime() - started) / 1e9;
            started = System.nanoTime();
            for (String index : INDEXES) {
                s.execute(index);
            }
            s.execute("VACUUM ANALYZE " + SCHEMA + ".thing");
            System.out.printf(java.util.Locale.ROOT, "postgresql: %,d rows copied in %.1f s; indexes built and"
                    + " analysed in %.1f s%n", count, copied, (System.nanoTime() - started) / 1e9);
        }
        return new SqlBaseline(url);
    }

    private static long rows(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
                + SCHEMA + "' AND table_name = 'thing'")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return -1;
            }
        }
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SCHEMA + ".thing")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The page query of a condition: the first 100 matches by name, with what SearchIndex answers of them. */
    static String page(String condition) {
        return "SELECT name, thing_id, attributes, reported" + FROM + condition + " ORDER BY name LIMIT 100";
    }

    /** A connection of one client, with the page query prepared once (server-side after five runs, as the driver does). */
    QueryLoad.Client client(String condition) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        PreparedStatement query = c.prepareStatement(page(condition));
        return new QueryLoad.Client() {
            @Override
            public void send() throws SQLException {
                read(query);
            }

            @Override
            public void disconnect() throws SQLException {
                c.close();
            }
        };
    }

    /** The page's thing names, to check that both sides answer the same. */
    List<String> names(String condition) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement query = c.prepareStatement(page(condition))) {
            return read(query);
        }
    }

    /** How many things match a condition. */
    long count(String condition) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*)" + FROM + condition)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The plan PostgreSQL chose, for the record. */
    List<String> explain(String condition) throws SQLException {
        List<String> plan = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + page(condition))) {
            while (rs.next()) {
                plan.add(rs.getString(1));
            }
        }
        return plan;
    }

    /** Adds an index, and analyses again. */
    void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
            s.execute("ANALYZE " + SCHEMA + ".thing");
        }
    }

    /** Runs the query and reads every column of every row, as a client showing the page would. */
    private static List<String> read(PreparedStatement query) throws SQLException {
        List<String> names = new ArrayList<>(100);
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
                rs.getString(2);
                rs.getString(3);
                rs.getString(4);
            }
        }
        return names;
    }

    /** Table size and index sizes, for the record. */
    String sizes() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_size_pretty(pg_table_size('" + SCHEMA + ".thing')),"
                     + " pg_size_pretty(pg_indexes_size('" + SCHEMA + ".thing'))")) {
            rs.next();
            return "table " + rs.getString(1) + ", indexes " + rs.getString(2);
        }
    }

    /** Drops the schema and its table. */
    void drop() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }
}
