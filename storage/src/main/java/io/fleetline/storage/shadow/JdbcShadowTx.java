package io.fleetline.storage.shadow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.shadow.ShadowDocument;
import io.fleetline.shadow.ShadowKey;
import io.fleetline.shadow.ShadowTx;
import io.fleetline.shadow.StoredShadow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

/** {@link ShadowTx} within one JDBC transaction; the classic shadow is the row with the empty shadow name. */
final class JdbcShadowTx implements ShadowTx {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Numbers come back as they were written: a decimal is not rounded through a double. */
    private static final ObjectReader READER = MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final String CLASSIC = "";
    private final Handle h;

    JdbcShadowTx(Handle h) {
        this.h = h;
    }

    @Override
    public Optional<StoredShadow> find(ShadowKey key) {
        return h.createQuery("SELECT * FROM shadow WHERE thing_name = :thing AND shadow_name = :name")
                .bind("thing", key.thingName()).bind("name", key.shadowName().orElse(CLASSIC))
                .map((rs, ctx) -> row(key, rs)).findOne();
    }

    @Override
    public boolean insert(StoredShadow shadow) {
        return bind(h.createUpdate("""
                INSERT INTO shadow (thing_name, shadow_name, state, metadata, version, updated_at)
                VALUES (:thing, :name, :state, :metadata, :version, :updated)
                ON CONFLICT (thing_name, shadow_name) DO NOTHING"""), shadow).execute() == 1;
    }

    @Override
    public boolean replace(StoredShadow shadow, long expectedVersion) {
        return bind(h.createUpdate("""
                UPDATE shadow SET state = :state, metadata = :metadata, version = :version, updated_at = :updated
                WHERE thing_name = :thing AND shadow_name = :name AND version = :expected"""), shadow)
                .bind("expected", expectedVersion).execute() == 1;
    }

    private static Update bind(Update update, StoredShadow shadow) {
        return update.bind("thing", shadow.key().thingName()).bind("name", shadow.key().shadowName().orElse(CLASSIC))
                .bind("state", shadow.document().map(d -> write(d.state())).orElse(null))
                .bind("metadata", shadow.document().map(d -> write(d.metadata())).orElse(null))
                .bind("version", shadow.version()).bind("updated", shadow.updatedAt().toEpochMilli());
    }

    @Override
    public List<String> namedShadows(String thingName, Optional<String> after, int limit) {
        Query q = h.createQuery("SELECT shadow_name FROM shadow WHERE thing_name = :thing AND shadow_name <> ''"
                        + " AND state IS NOT NULL" + (after.isPresent() ? " AND shadow_name > :after" : "")
                        + " ORDER BY shadow_name LIMIT :limit")
                .bind("thing", thingName).bind("limit", limit);
        after.ifPresent(a -> q.bind("after", a));
        return q.mapTo(String.class).list();
    }

    @Override
    public void deleteAllOf(String thingName) {
        h.createUpdate("DELETE FROM shadow WHERE thing_name = :thing").bind("thing", thingName).execute();
    }

    @Override
    public int deleteOrphans() {
        return h.createUpdate("DELETE FROM shadow"
                + " WHERE NOT EXISTS (SELECT 1 FROM thing WHERE thing.name = shadow.thing_name)").execute();
    }

    private static StoredShadow row(ShadowKey key, ResultSet rs) throws SQLException {
        String state = rs.getString("state");
        Optional<ShadowDocument> document = state == null ? Optional.empty()
                : Optional.of(new ShadowDocument(read(state), read(rs.getString("metadata"))));
        return new StoredShadow(key, document, rs.getLong("version"), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a shadow", e);
        }
    }

    private static ObjectNode read(String text) {
        try {
            return (ObjectNode) READER.readTree(text);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("a stored shadow is corrupt", e);
        }
    }
}
