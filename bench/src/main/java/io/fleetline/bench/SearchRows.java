package io.fleetline.bench;

import io.fleetline.storage.Database;
import io.fleetline.storage.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The search benchmark's fleet written straight into the server's database before it starts, in the rows the registry
 * and the shadow service write themselves ({@code JdbcRegistryTx.insertThing}: the thing with its attributes as JSON
 * and one {@code thing_attribute} row each; {@code JdbcShadowTx.insert}: the classic shadow, state and metadata as
 * JSON, version 1). Creating a million things and shadows through the API would take the benchmark's whole budget; the
 * registry benchmark and the MQTT phase here measure those paths.
 */
final class SearchRows {
    private static final int CHUNK = 10_000;
    /** The file that says a directory's database holds a whole fleet, and how large. */
    private static final String DONE = "fleet.done";

    private SearchRows() {
    }

    /** Whether {@code dir} holds a fleet of {@code count} things written by an earlier run. */
    static boolean reusable(Path dir, int count) throws IOException {
        Path done = dir.resolve(DONE);
        return Files.exists(done) && Files.readString(done).strip().equals(Integer.toString(count));
    }

    /**
     * Makes a written fleet's server start as the first time: a new data directory (CA, keys, no index) and indexing
     * off, so that UpdateIndexingConfiguration builds the index again.
     */
    static void freshServer(Path dir, String url) {
        if (Files.exists(dir.resolve("data"))) {
            SearchClients.delete(dir.resolve("data"));
        }
        try (Database database = Database.open(url)) {
            database.write(h -> h.createUpdate("DELETE FROM indexing_configuration").execute());
        }
    }

    /** Migrates the database at {@code url} and writes the fleet, marks it in {@code dir}; returns the seconds. */
    static double write(Path dir, String url, int count) throws IOException {
        long started = System.nanoTime();
        long at = Instant.now().toEpochMilli();
        try (Database database = Database.open(url)) {
            for (int from = 0; from < count; from += CHUNK) {
                int start = from;
                int end = Math.min(count, from + CHUNK);
                database.write(h -> {
                    PreparedBatch things = h.prepareBatch("INSERT INTO thing (name, id, type_name, attributes, version)"
                            + " VALUES (:name, :id, NULL, :attributes, 1)");
                    PreparedBatch attributes = h.prepareBatch("INSERT INTO thing_attribute (thing_name, name, value)"
                            + " VALUES (:thing, :name, :value)");
                    PreparedBatch shadows = h.prepareBatch("INSERT INTO shadow (thing_name, shadow_name, state,"
                            + " metadata, version, updated_at) VALUES (:thing, '', :state, :metadata, 1, :updated)");
                    for (int i = start; i < end; i++) {
                        String name = SearchFleet.name(i);
                        Map<String, String> attrs = SearchFleet.attributes(i);
                        things.bind("name", name).bind("id", SearchFleet.id(i)).bind("attributes", Json.write(attrs))
                                .add();
                        attrs.forEach((key, value) -> attributes.bind("thing", name).bind("name", key)
                                .bind("value", value).add());
                        shadows.bind("thing", name).bind("state", "{\"reported\":" + SearchFleet.reported(i) + "}")
                                .bind("metadata", metadata(at / 1000)).bind("updated", at).add();
                    }
                    things.execute();
                    attributes.execute();
                    shadows.execute();
                    return null;
                });
            }
        }
        Files.writeString(dir.resolve(DONE), Integer.toString(count));
        return (System.nanoTime() - started) / 1e9;
    }

    /** A timestamp (epoch seconds) per reported leaf, as the shadow service keeps it. */
    private static String metadata(long seconds) {
        StringBuilder json = new StringBuilder("{\"reported\":{");
        for (int f = 0; f < SearchFleet.REPORTED_FIELDS.length; f++) {
            json.append(f == 0 ? "" : ",").append('"').append(SearchFleet.REPORTED_FIELDS[f])
                    .append("\":{\"timestamp\":").append(seconds).append('}');
        }
        return json.append("}}").toString();
    }
}
