package io.fleetline.agent.internal.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.agent.DownloadTap;
import io.fleetline.protocol.Format;
import io.fleetline.protocol.streams.DataBlock;
import io.fleetline.protocol.streams.GetStreamRequest;
import io.fleetline.protocol.streams.StreamMessages;
import io.fleetline.protocol.streams.StreamRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download over MQTT streams against a stream that answers each request whole, after a latency of its own (as a
 * server with a queue of a whole fleet's requests does): what the device asks for, how often, and what it ends with.
 */
class StreamDownloadTest {
    private static final int BLOCKS = 256;
    private static final int WINDOWS = BLOCKS / 32;
    private static final Duration IDLE = Duration.ofMillis(100);

    @TempDir
    Path dir;
    final byte[] image = new byte[BLOCKS * StreamDownload.BLOCK];
    final ScheduledExecutorService server = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    /** The stream as the device's MQTT connection reaches it: each request answered after {@code latency}. */
    private final class SlowStream implements StreamLink {
        final AtomicInteger requests = new AtomicInteger();
        final Map<String, Consumer<byte[]>> listeners = new ConcurrentHashMap<>();
        final Duration latency;
        /** Junk answers sent after each request's blocks (a hostile or broken server), and the most held at once. */
        int flood;
        final AtomicInteger mostQueued = new AtomicInteger();
        volatile StreamDownload download;

        SlowStream(Duration latency) {
            this.latency = latency;
        }

        @Override
        public void listen(String topic, Consumer<byte[]> payloads) {
            listeners.put(topic, payloads);
        }

        @Override
        public void forget(String topic) {
            listeners.remove(topic);
        }

        @Override
        public void publish(String topic, byte[] payload) {
            requests.incrementAndGet();
            GetStreamRequest request = StreamRequests.get(payload, Format.CBOR);
            String data = topic.replace("/get/cbor", "/data/cbor");
            server.schedule(() -> answer(request, listeners.get(data)), latency.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void answer(GetStreamRequest request, Consumer<byte[]> device) {
            for (int bit = 0; bit < request.maxBlocks(); bit++) {
                int block = request.blockOffset() + bit;
                if (block < BLOCKS && request.bitmap().orElseThrow().isSet(bit)) {
                    byte[] bytes = Arrays.copyOfRange(image, block * StreamDownload.BLOCK,
                            (block + 1) * StreamDownload.BLOCK);
                    device.accept(StreamMessages.data(new DataBlock(Optional.of("rdy"), 0, block, bytes), Format.CBOR));
                }
            }
            for (int i = 0; i < flood; i++) {
                device.accept(new byte[] {(byte) 0xa0});
                mostQueued.accumulateAndGet(download.queued(), Math::max);
            }
        }
    }

    private Path download(SlowStream stream) throws Exception {
        new Random(7).nextBytes(image);
        Path file = dir.resolve("image.bin");
        stream.download = new StreamDownload(stream, "dev-1", "fw", 0, DownloadTap.none(), "job-1", IDLE);
        stream.download.fetch(file, image.length, have -> { });
        return file;
    }

    @Test
    void a_prompt_stream_is_asked_once_for_each_window() throws Exception {
        SlowStream stream = new SlowStream(Duration.ZERO);

        Path file = download(stream);

        assertThat(Files.readAllBytes(file)).isEqualTo(image);
        assertThat(stream.requests.get()).isEqualTo(WINDOWS);
    }

    @Test
    void a_stream_slower_than_the_idle_time_is_not_asked_again_for_each_window_once_its_pace_is_known()
            throws Exception {
        // three idle times: asked again after each idle time, the 8 windows took 23 requests
        SlowStream stream = new SlowStream(IDLE.multipliedBy(3));

        Path file = download(stream);

        assertThat(Files.readAllBytes(file)).isEqualTo(image);
        // the first window asked again before the pace was known; the rest at most twice more (a loaded machine)
        assertThat(stream.requests.get()).isBetween(WINDOWS, WINDOWS + 4);
    }

    @Test
    void a_server_that_sends_far_more_than_it_was_asked_for_is_not_buffered_beyond_a_few_windows() throws Exception {
        SlowStream stream = new SlowStream(Duration.ZERO);
        stream.flood = 5_000;

        Path file = download(stream);

        assertThat(Files.readAllBytes(file)).isEqualTo(image);
        assertThat(stream.mostQueued.get()).isPositive().isLessThanOrEqualTo(StreamDownload.MAX_QUEUED);
    }
}
