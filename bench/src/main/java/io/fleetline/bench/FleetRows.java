package io.fleetline.bench;

import io.fleetline.storage.Database;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * A fleet written straight into a database before the server starts: {@code count} things named
 * {@code dev-0000000...} in one thing group. Creating a million things through the API would take the benchmark's
 * whole budget; the rows are the ones the registry itself writes (a registry benchmark measures that path).
 */
final class FleetRows {
    private static final int CHUNK = 20_000;

    private FleetRows() {
    }

    static String thing(int i) {
        return String.format("dev-%07d", i);
    }

    /** Migrates the database at {@code url} and writes the group and its things; returns the seconds it took. */
    static double write(String url, String group, int count) {
        long started = System.nanoTime();
        try (Database database = Database.open(url)) {
            database.write(h -> h.createUpdate("INSERT INTO thing_group (name, id, parent_name, path, description,"
                            + " attributes, version, created_at) VALUES (:name, :id, NULL, :path, NULL, '{}', 1, :at)")
                    .bind("name", group).bind("id", UUID.randomUUID().toString()).bind("path", "/" + group + "/")
                    .bind("at", Instant.now().toEpochMilli()).execute());
            for (int from = 0; from < count; from += CHUNK) {
                int start = from;
                int end = Math.min(count, from + CHUNK);
                database.write(h -> {
                    PreparedBatch things = h.prepareBatch("INSERT INTO thing (name, id, type_name, attributes, version)"
                            + " VALUES (:name, :id, NULL, '{}', 1)");
                    PreparedBatch members = h.prepareBatch("INSERT INTO thing_group_member (group_name, thing_name)"
                            + " VALUES (:group, :name)");
                    for (int i = start; i < end; i++) {
                        things.bind("name", thing(i)).bind("id", UUID.randomUUID().toString()).add();
                        members.bind("group", group).bind("name", thing(i)).add();
                    }
                    things.execute();
                    members.execute();
                    return null;
                });
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }
}
