package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.testkit.ServerProcess;
import io.fleetline.testkit.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ThingAttribute;

/**
 * {@code kill -9} in the middle of a burst of writes from the SDK: after a restart, every write the server
 * acknowledged is there.
 */
abstract class CrashDurabilityIT {
    private static final int WRITERS = 8;
    private static final int KILL_AFTER_ACKS = 300;

    @TempDir
    Path dir;

    abstract Store store();

    @Test
    void every_acknowledged_write_survives_kill_9() throws Exception {
        Path data = dir.resolve("data");
        String url = store().newUrl(dir);
        String[] flags = {"--data-dir", data.toString(), "--http-port", "0", "--mqtt-port", "0", "--mqtt-ws-port", "0", "--device-https-port", "0", "--db-url", url};
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try {
            try (ServerProcess server = ServerProcess.serve(flags); IotClient iot = ServeCommandIT.client(data)) {
                CountDownLatch enough = new CountDownLatch(KILL_AFTER_ACKS);
                List<Thread> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.add(Thread.ofPlatform().start(() -> write(iot, writer, acknowledged, enough)));
                }
                assertThat(enough.await(120, TimeUnit.SECONDS)).as("writes were acknowledged").isTrue();
                server.kill();
                for (Thread writer : writers) {
                    writer.join(TimeUnit.SECONDS.toMillis(120));
                }
            }
            try (ServerProcess restarted = ServerProcess.serve(flags); IotClient iot = ServeCommandIT.client(data)) {
                Set<String> stored = new HashSet<>();
                iot.listThingsPaginator(r -> r.maxResults(250)).things().stream()
                        .map(ThingAttribute::thingName).forEach(stored::add);
                assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(KILL_AFTER_ACKS);
                assertThat(stored).containsAll(acknowledged);
                restarted.terminate();
            }
        } finally {
            store().drop(url);
        }
    }

    /** Creates things until the server stops answering; remembers each one it acknowledged. */
    private static void write(IotClient iot, int writer, Set<String> acknowledged, CountDownLatch enough) {
        for (int i = 0; ; i++) {
            String name = "burst-" + writer + "-" + i;
            try {
                iot.createThing(r -> r.thingName(name));
            } catch (RuntimeException serverGone) {
                return;
            }
            acknowledged.add(name);
            enough.countDown();
        }
    }
}
