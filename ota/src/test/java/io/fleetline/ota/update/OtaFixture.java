package io.fleetline.ota.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** One account's OTA updates over the fakes, a manual clock and an in-memory store; {@link #restart()} as after a stop. */
abstract class OtaFixture {
    static final AccountScope SCOPE = new AccountScope("eu-west-1", "123456789012");
    static final byte[] IMAGE = "firmware image 2.1.0".repeat(5_000).getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T10:00:00Z"));
    final InMemoryOtaUpdateStore store = new InMemoryOtaUpdateStore();
    final FakePorts fakes = new FakePorts();
    OtaUpdates ota = new OtaUpdates(store, fakes.ports(), SCOPE, clock);

    OtaFixture() {
        fakes.things.add(Requests.THING);
        fakes.things.add(Requests.GROUP);
    }

    /** A new service over the same store and services, as the next process would have. */
    void restart() {
        ota = new OtaUpdates(store, fakes.ports(), SCOPE, clock);
    }

    /** Ticks, swallowing nothing: a crash of a fake shows as the tick's log and the update left in progress. */
    OtaUpdate tickAndGet(String id) {
        ota.tick();
        return ota.get(id);
    }

    JsonNode document(String jobId) {
        try {
            return JSON.readTree(fakes.jobs.get(jobId).document());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
