package io.fleetline.storage.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.bus.RetainedMessage;
import io.fleetline.storage.Database;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The durable copy of retained messages, on each database. */
abstract class RetainedMessageContract {
    String url;
    Database database;
    JdbcRetainedMessageStore store;

    abstract String newDatabaseUrl();

    abstract void dropDatabase(String url);

    @BeforeEach
    void open() {
        url = newDatabaseUrl();
        database = Database.open(url);
        store = new JdbcRetainedMessageStore(database);
    }

    @AfterEach
    void close() {
        database.close();
        dropDatabase(url);
    }

    private static RetainedMessage message(String topic, String payload, int qos) {
        return new RetainedMessage(topic, payload.getBytes(StandardCharsets.UTF_8), qos, Instant.ofEpochMilli(1_000));
    }

    @Test
    void a_topic_keeps_its_latest_message_and_loses_it_when_cleared() {
        store.put(message("fleet/config", "v1", 1));
        store.put(message("fleet/a", "x", 0));
        store.put(message("fleet/config", "v2", 0));

        assertThat(store.all()).extracting(RetainedMessage::topic).containsExactly("fleet/a", "fleet/config");
        RetainedMessage config = store.all().get(1);
        assertThat(new String(config.payload(), StandardCharsets.UTF_8)).isEqualTo("v2");
        assertThat(config.qos()).isZero();
        assertThat(config.updatedAt()).isEqualTo(Instant.ofEpochMilli(1_000));

        store.delete("fleet/config");
        store.delete("never/retained");
        assertThat(store.all()).extracting(RetainedMessage::topic).containsExactly("fleet/a");
    }

    @Test
    void binary_payloads_and_long_topics_come_back_unchanged() {
        byte[] payload = new byte[128 * 1024];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        String topic = "t/" + "x".repeat(250) + "/é";
        store.put(new RetainedMessage(topic, payload, 1, Instant.ofEpochMilli(5)));

        RetainedMessage back = store.all().get(0);
        assertThat(back.topic()).isEqualTo(topic);
        assertThat(back.payload()).isEqualTo(payload);
    }
}
