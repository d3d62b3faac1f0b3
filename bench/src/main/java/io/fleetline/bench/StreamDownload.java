package io.fleetline.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One device downloading one file of a stream in CBOR, as a device agent does: it asks for a window of blocks
 * ({@code n} from {@code o}), asks for the next window once every block of this one has arrived, and after an idle
 * timeout with nothing new asks again for the blocks of the window still missing, with a bitmap. Blocks of a window
 * may come in any order; they are hashed in order, so the device keeps at most one window, and the whole file's
 * SHA-256 is compared with the image's at the end.
 */
final class StreamDownload {
    /** What the devices of a run count together. */
    record Counters(LongAdder requests, LongAdder reRequests, LongAdder duplicates, LongAdder malformed,
                    LongAdder uniqueBytes, AtomicLongArray byQos) {
        static Counters create() {
            return new Counters(new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(),
                    new AtomicLongArray(3));
        }
    }

    /** The file and how it is asked for: {@code qos} of the requests and of the subscription to the blocks. */
    record Plan(String streamId, int fileId, long fileBytes, int blockSize, int windowBlocks, String sha256,
                MqttQos qos) {
        int blocks() {
            return (int) ((fileBytes + blockSize - 1) / blockSize);
        }

        /** The length of block {@code i}: the block size but for a shorter last block. */
        int length(int i) {
            return (int) Math.min(blockSize, fileBytes - (long) i * blockSize);
        }
    }

    /** Told once when the device is done: finished with the right digest, or failed with a reason. */
    interface Done {
        void done(StreamDownload download, Optional<String> failure);
    }

    private static final String CLIENT_TOKEN = "rdy";  // AWS's OTA agent sends this one token in every request

    private final Consumer<byte[]> requests;
    private final String topicPrefix;
    private final Plan plan;
    private final Counters counters;
    private final Done done;
    private final MessageDigest digest;
    private final byte[][] window;
    private int windowStart;
    private int windowCount;
    private int filled;
    private long lastProgress;
    private long startedAt;
    private long finishedAt;
    private boolean over;

    /** @param requests sends a {@code get} request's payload to the stream's {@code get/cbor} topic */
    StreamDownload(String thing, Plan plan, Counters counters, Consumer<byte[]> requests, Done done) {
        this.requests = requests;
        this.topicPrefix = topic(thing, plan.streamId(), "");
        this.plan = plan;
        this.counters = counters;
        this.done = done;
        this.window = new byte[plan.windowBlocks()][];
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);  // every JDK has SHA-256
        }
    }

    /** A topic of {@code thing}'s stream: {@code suffix} is {@code get/cbor}, {@code data/cbor}, .... */
    static String topic(String thing, String streamId, String suffix) {
        return "$aws/things/" + thing + "/streams/" + streamId + "/" + suffix;
    }

    synchronized void start(long now) {
        startedAt = now;
        lastProgress = now;
        windowStart = 0;
        requestWindow();
    }

    /** Seconds from {@link #start} to the last block, for a finished device. */
    synchronized double seconds() {
        return (finishedAt - startedAt) / 1e9;
    }

    synchronized boolean isOver() {
        return over;
    }

    /** Every message the client receives, on any topic, subscribed or not (answers come to the requester). */
    void on(String topic, byte[] payload) {
        try {
            if (topic.equals(topicPrefix + "data/cbor")) {
                block(StreamCbor.block(payload));
            } else if (topic.equals(topicPrefix + "rejected/cbor")) {
                StreamCbor.Rejection r = StreamCbor.rejection(payload);
                fail("rejected: " + r.code() + " " + r.message());
            }
        } catch (IllegalArgumentException e) {
            counters.malformed().increment();
            fail("malformed message on " + topic + ": " + e.getMessage());
        }
    }

    private synchronized void block(StreamCbor.Block block) {
        int slot = block.blockId() - windowStart;
        if (over || slot < 0 || slot >= windowCount || window[slot] != null) {
            counters.duplicates().increment();  // a block asked for twice, or after the device finished
            return;
        }
        int expected = plan.length(block.blockId());
        if (block.fileId() != plan.fileId() || block.payload().length != expected || block.length() != expected) {
            counters.malformed().increment();
            fail("block " + block.blockId() + " of file " + block.fileId() + ": " + block.payload().length
                    + " bytes, l=" + block.length() + ", expected " + expected);
            return;
        }
        window[slot] = block.payload();
        counters.uniqueBytes().add(expected);
        lastProgress = System.nanoTime();
        if (++filled == windowCount) {
            nextWindow();
        }
    }

    /** Hashes the complete window in order and asks for the next one, or checks the file's digest at the end. */
    private void nextWindow() {
        for (int k = 0; k < windowCount; k++) {
            digest.update(window[k]);
            window[k] = null;
        }
        windowStart += windowCount;
        if (windowStart < plan.blocks()) {
            requestWindow();
            return;
        }
        finishedAt = System.nanoTime();
        String sha256 = HexFormat.of().formatHex(digest.digest());
        end(sha256.equals(plan.sha256()) ? Optional.empty()
                : Optional.of("SHA-256 " + sha256 + ", expected " + plan.sha256()));
    }

    private void requestWindow() {
        windowCount = Math.min(plan.windowBlocks(), plan.blocks() - windowStart);
        filled = 0;
        publish(StreamCbor.getRequest(CLIENT_TOKEN, plan.fileId(), plan.blockSize(), windowStart, windowCount,
                Optional.empty()));
    }

    /** After {@code idleNanos} without a new block, asks again for the window's missing blocks with a bitmap. */
    synchronized void checkIdle(long now, long idleNanos) {
        if (over || now - lastProgress < idleNanos) {
            return;
        }
        lastProgress = now;
        byte[] bitmap = StreamCbor.bitmap(windowCount, k -> window[k] == null);
        counters.reRequests().increment();
        publish(StreamCbor.getRequest(CLIENT_TOKEN, plan.fileId(), plan.blockSize(), windowStart, windowCount - filled,
                Optional.of(bitmap)));
    }

    private void publish(byte[] request) {
        counters.requests().increment();
        requests.accept(request);
    }

    private synchronized void fail(String reason) {
        if (!over) {
            finishedAt = System.nanoTime();
            end(Optional.of(reason));
        }
    }

    private void end(Optional<String> failure) {
        over = true;
        done.done(this, failure);
    }
}
