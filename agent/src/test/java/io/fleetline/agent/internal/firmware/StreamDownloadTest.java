package io.fleetline.agent.internal.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.agent.DownloadTap;
import io.fleetline.agent.internal.AtomicFiles;
import io.fleetline.agent.internal.Jitter;
import io.fleetline.protocol.Format;
import io.fleetline.protocol.streams.DataBlock;
import io.fleetline.protocol.streams.GetStreamRequest;
import io.fleetline.protocol.streams.StreamMessages;
import io.fleetline.protocol.streams.StreamRequests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download over MQTT streams against a stream that answers each request whole, after a latency of its own (as a
 * server with a queue of a whole fleet's requests does): what the device asks for, how often, when, and what it ends
 * with. Time is simulated: the device's waits move it on to the next answer or to their end, so nothing here depends
 * on how busy the machine is.
 */
class StreamDownloadTest {
    private static final int BLOCKS = 256;
    private static final int WINDOWS = BLOCKS / 32;
    private static final Duration IDLE = Duration.ofMillis(100);

    @TempDir
    Path dir;
    final byte[] image = new byte[BLOCKS * StreamDownload.BLOCK];
    final SimulatedTime time = new SimulatedTime();

    /** Time that passes only when the device waits: to the next event due, or to the end of the wait. */
    private static final class SimulatedTime implements StreamDownload.Waits {
        private record Event(long due, long order, Runnable action) {
        }

        private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.due != b.due
                ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
        private long now;
        private long order;

        void after(Duration delay, Runnable action) {
            events.add(new Event(now + delay.toNanos(), order++, action));
        }

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public <T> T poll(BlockingQueue<T> queue, long timeoutNanos) {
            long deadline = now + timeoutNanos;
            while (queue.isEmpty() && !events.isEmpty() && events.peek().due() <= deadline) {
                Event next = events.poll();
                now = Math.max(now, next.due());
                next.action().run();
            }
            if (queue.isEmpty()) {
                now = deadline;
            }
            return queue.poll();
        }
    }

    /** The stream as the device's MQTT connection reaches it: each request answered after {@code latency}. */
    private final class SlowStream implements StreamLink {
        final List<Long> requestedAt = new ArrayList<>();
        final Map<String, Consumer<byte[]>> listeners = new HashMap<>();
        final Optional<Duration> latency;
        /** Junk answers sent after each request's blocks (a hostile or broken server), and the most held at once. */
        int flood;
        int mostQueued;
        StreamDownload download;

        /** @param latency empty: a stream that never answers */
        SlowStream(Optional<Duration> latency) {
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
            requestedAt.add(time.nanoTime());
            GetStreamRequest request = StreamRequests.get(payload, Format.CBOR);
            Consumer<byte[]> device = listeners.get(topic.replace("/get/cbor", "/data/cbor"));
            latency.ifPresent(after -> time.after(after, () -> answer(request, device)));
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
                mostQueued = Math.max(mostQueued, download.queued());
            }
        }
    }

    private Path download(SlowStream stream, long seed) throws Exception {
        new Random(7).nextBytes(image);
        Path file = dir.resolve("image.bin");
        stream.download = new StreamDownload(stream, "dev-1", "fw", 0, DownloadTap.none(), "job-1", IDLE,
                new StreamDownload.Pace(time, new Jitter(new Random(seed))), AtomicFiles.RENAMED);
        stream.download.fetch(file, image.length, have -> { });
        return file;
    }

    @Test
    void a_prompt_stream_is_asked_once_for_each_window() throws Exception {
        SlowStream stream = new SlowStream(Optional.of(Duration.ZERO));

        Path file = download(stream, 1);

        assertThat(Files.readAllBytes(file)).isEqualTo(image);
        assertThat(stream.requestedAt).hasSize(WINDOWS);
    }

    @Test
    void a_stream_slower_than_the_idle_time_is_not_asked_again_for_each_window_once_its_pace_is_known()
            throws Exception {
        // three idle times: asked again after each idle time, the 8 windows took 23 requests
        SlowStream stream = new SlowStream(Optional.of(IDLE.multipliedBy(3)));

        Path file = download(stream, 1);

        assertThat(Files.readAllBytes(file)).isEqualTo(image);
        // the first window is asked again once, after an idle time, before the pace is known; no other window is
        assertThat(stream.requestedAt).hasSize(WINDOWS + 1);
        assertThat(stream.requestedAt.subList(2, WINDOWS + 1)).allSatisfy(at -> assertThat(at % (3 * IDLE.toNanos()))
                .isZero());
    }

    @Test
    void devices_whose_stream_went_quiet_together_ask_again_at_spread_times_never_sooner_than_the_idle_time() {
        List<List<Long>> asked = new ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            SlowStream silent = new SlowStream(Optional.empty());
            long start = time.nanoTime();
            long device = seed;
            assertThatThrownBy(() -> download(silent, device)).isInstanceOf(IOException.class)
                    .hasMessageContaining("sent nothing");
            asked.add(silent.requestedAt.stream().map(at -> at - start).toList());
        }

        for (List<Long> times : asked) {
            assertThat(times.get(1) - times.get(0)).isGreaterThanOrEqualTo(IDLE.toNanos())
                    .isLessThan(IDLE.toNanos() * 3 / 2);
        }
        assertThat(asked.stream().map(times -> times.get(1)).distinct()).hasSize(3);
        assertThat(asked.stream().map(times -> times.get(times.size() - 1)).distinct()).hasSize(3);
    }

    @Test
    void a_server_that_sends_far_more_than_it_was_asked_for_is_not_buffered_beyond_a_few_windows() throws Exception {
        SlowStream stream = new SlowStream(Optional.of(Duration.ZERO));
        stream.flood = 5_000;

        Path file = download(stream, 1);

        assertThat(Files.readAllBytes(file)).isEqualTo(image);
        assertThat(stream.mostQueued).isPositive().isLessThanOrEqualTo(StreamDownload.MAX_QUEUED);
    }
}
