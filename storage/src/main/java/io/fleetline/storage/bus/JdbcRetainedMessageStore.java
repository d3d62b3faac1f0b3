package io.fleetline.storage.bus;

import io.fleetline.core.bus.RetainedMessage;
import io.fleetline.core.bus.RetainedMessageStore;
import io.fleetline.storage.Database;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** {@link RetainedMessageStore} on a {@link Database}. */
public final class JdbcRetainedMessageStore implements RetainedMessageStore {
    private final Database database;

    public JdbcRetainedMessageStore(Database database) {
        this.database = database;
    }

    @Override
    public void put(RetainedMessage message) {
        database.write(h -> h.createUpdate("""
                        INSERT INTO retained_message (topic, payload, qos, updated_at) VALUES (:topic, :payload, :qos, :at)
                        ON CONFLICT (topic) DO UPDATE SET payload = excluded.payload, qos = excluded.qos,
                            updated_at = excluded.updated_at""")
                .bind("topic", message.topic())
                .bind("payload", Base64.getEncoder().encodeToString(message.payload()))
                .bind("qos", message.qos())
                .bind("at", message.updatedAt().toEpochMilli())
                .execute());
    }

    @Override
    public void delete(String topic) {
        database.write(h -> h.createUpdate("DELETE FROM retained_message WHERE topic = :topic").bind("topic", topic)
                .execute());
    }

    @Override
    public List<RetainedMessage> all() {
        return database.read(h -> h.createQuery("SELECT topic, payload, qos, updated_at FROM retained_message ORDER BY topic")
                .map((rs, ctx) -> new RetainedMessage(rs.getString(1), Base64.getDecoder().decode(rs.getString(2)),
                        rs.getInt(3), Instant.ofEpochMilli(rs.getLong(4))))
                .list());
    }
}
