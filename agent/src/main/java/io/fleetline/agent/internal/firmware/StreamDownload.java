package io.fleetline.agent.internal.firmware;

import io.fleetline.agent.DownloadTap;
import io.fleetline.agent.internal.AtomicFiles;
import io.fleetline.agent.internal.Jitter;
import io.fleetline.protocol.Format;
import io.fleetline.protocol.streams.BlockBitmap;
import io.fleetline.protocol.streams.DataBlock;
import io.fleetline.protocol.streams.GetStreamRequest;
import io.fleetline.protocol.streams.StreamDeviceMessages;
import io.fleetline.protocol.streams.StreamOperation;
import io.fleetline.protocol.streams.StreamRejection;
import io.fleetline.protocol.streams.StreamTopics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.BitSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An image over MQTT streams in CBOR, as AWS's OTA agent fetches it: windows of up to 32 blocks of 4 KiB (one
 * answer's worth) asked for by bitmap, each block written at its place in the work file, the blocks it holds kept in
 * {@code <file>.blocks} after each window, so that a restarted download asks only for the others. A window that goes
 * quiet is asked again for what is still missing. How long it waits first is the stream's idle time, then twice what
 * the last request waited for its first new block, and twice as long again after a request nothing answered (at most
 * {@value #MAX_PATIENCE} idle times): a server slowed down by a whole fleet asking at once is not asked for the same
 * blocks again before it could have answered, which would only lengthen its queue. Each wait is spread
 * ({@link Jitter}), so that devices that asked together (a fleet after a server restart) do not keep asking together.
 */
final class StreamDownload implements Download {
    static final int BLOCK = 4096;
    private static final int WINDOW = GetStreamRequest.MAX_ANSWER_BYTES / BLOCK;
    private static final int MAX_QUIET_WINDOWS = 12;
    private static final int MAX_PATIENCE = 8;
    /** Answers held before the download takes them: four windows' worth. */
    static final int MAX_QUEUED = 4 * WINDOW;

    private final StreamLink link;
    private final String thing;
    private final String stream;
    private final int fileId;
    private final DownloadTap tap;
    private final String jobId;
    private final Duration idle;
    private final Pace pace;
    private final AtomicFiles files;
    /**
     * Data payloads ({@code byte[]}) and rejections ({@link StreamRejection}), as they come, at most
     * {@link #MAX_QUEUED}: what a server sends beyond that (more than it was asked for) is dropped, and a block
     * dropped that was wanted is asked for again.
     */
    private final BlockingQueue<Object> answers = new ArrayBlockingQueue<>(MAX_QUEUED);
    /** How long a window waits for a block before it is asked again. */
    private long patienceNanos;

    /** How a download tells the time and waits for answers: real time, or a test's simulated time. */
    interface Waits {
        Waits REAL = new Waits() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public <T> T poll(BlockingQueue<T> queue, long timeoutNanos) throws InterruptedException {
                return queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
            }
        };

        /** Now, in nanoseconds from an arbitrary origin (as {@link System#nanoTime}). */
        long nanoTime();

        /** The queue's next element, waiting at most {@code timeoutNanos}; null when none came. */
        <T> T poll(BlockingQueue<T> queue, long timeoutNanos) throws InterruptedException;
    }

    /** What a download's requests are paced by: the time it measures and waits in, and the spread of its waits. */
    record Pace(Waits waits, Jitter jitter) {
    }

    StreamDownload(StreamLink link, String thing, String stream, int fileId, DownloadTap tap, String jobId,
                   Duration idle, Pace pace, AtomicFiles files) {
        this.link = link;
        this.thing = thing;
        this.stream = stream;
        this.fileId = fileId;
        this.tap = tap;
        this.jobId = jobId;
        this.idle = idle;
        this.pace = pace;
        this.files = files;
        this.patienceNanos = idle.toNanos();
    }

    @Override
    public void fetch(Path file, long size, Progress progress) throws IOException, InterruptedException {
        int blocks = Math.toIntExact((size + BLOCK - 1) / BLOCK);
        Path held = file.resolveSibling(file.getFileName() + ".blocks");
        BitSet have = Files.exists(held) && Files.exists(file) ? BitSet.valueOf(Files.readAllBytes(held)) : new BitSet();
        String data = StreamTopics.answer(thing, stream, StreamOperation.GET, Format.CBOR);
        String rejected = StreamTopics.rejected(thing, stream, Format.CBOR);
        link.listen(data, answers::offer);
        link.listen(rejected, payload -> answers.offer(rejection(payload)));
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            int quiet = 0;
            while (have.cardinality() < blocks) {
                int before = have.cardinality();
                window(out, have, blocks, size);
                files.force(out);
                files.write(held, have.toByteArray());
                progress.bytes(Math.min(size, (long) have.cardinality() * BLOCK));
                quiet = have.cardinality() == before ? quiet + 1 : 0;
                if (quiet >= MAX_QUIET_WINDOWS) {
                    throw new IOException("the stream " + stream + " sent nothing for " + quiet + " requests");
                }
            }
        } finally {
            link.forget(data);
            link.forget(rejected);
        }
    }

    /** Asks for the next missing window and keeps what comes until it is whole or the stream goes quiet. */
    private void window(FileChannel out, BitSet have, int blocks, long size) throws IOException, InterruptedException {
        answers.clear();
        long asked = pace.waits().nanoTime();
        int left = ask(have, blocks);
        boolean answered = false;
        while (left > 0) {
            Object answer = pace.waits().poll(answers, pace.jitter().nanos(patienceNanos));
            if (answer == null) {
                patience(2 * patienceNanos);
                return;
            }
            if (answer instanceof StreamRejection refused) {
                throw new Refused("stream " + stream + ": " + refused.code().wire() + " " + refused.message());
            }
            DataBlock block;
            try {
                block = StreamDeviceMessages.data((byte[]) answer, Format.CBOR);
            } catch (IllegalArgumentException malformed) {
                continue;
            }
            if (keep(out, have, block, blocks, size)) {
                left--;
                if (!answered) {
                    answered = true;  // the wait for this request's first new block, not for an earlier one's
                    patience(2 * (pace.waits().nanoTime() - asked));
                }
            }
        }
    }

    /** How many answers wait to be taken. */
    int queued() {
        return answers.size();
    }

    /** Asks for the missing blocks of the next window; answers how many that is. */
    private int ask(BitSet have, int blocks) throws IOException, InterruptedException {
        int offset = have.nextClearBit(0);
        int end = Math.min(blocks, offset + WINDOW);
        BitSet wanted = new BitSet();
        for (int b = have.nextClearBit(offset); b < end; b = have.nextClearBit(b + 1)) {
            wanted.set(b - offset);
        }
        byte[] bitmap = new byte[(end - offset + 7) / 8];
        byte[] set = wanted.toByteArray();
        System.arraycopy(set, 0, bitmap, 0, set.length);
        link.publish(StreamTopics.request(thing, stream, StreamOperation.GET, Format.CBOR),
                StreamDeviceMessages.get(new GetStreamRequest(Optional.of("rdy"), OptionalInt.empty(), fileId, BLOCK,
                        offset, OptionalInt.of(wanted.cardinality()), Optional.of(BlockBitmap.of(bitmap))),
                        Format.CBOR));
        return wanted.cardinality();
    }

    private void patience(long nanos) {
        patienceNanos = Math.clamp(nanos, idle.toNanos(), MAX_PATIENCE * idle.toNanos());
    }

    private static StreamRejection rejection(byte[] payload) {
        try {
            return StreamDeviceMessages.rejection(payload, Format.CBOR);
        } catch (IllegalArgumentException malformed) {
            return new StreamRejection(io.fleetline.protocol.RejectionCode.INTERNAL_ERROR, "an unreadable rejection",
                    Optional.empty());
        }
    }

    private boolean keep(FileChannel out, BitSet have, DataBlock block, int blocks, long size) throws IOException {
        int i = block.blockId();
        long offset = (long) i * BLOCK;
        int expected = (int) Math.min(BLOCK, size - offset);
        if (block.fileId() != fileId || i < 0 || i >= blocks || have.get(i) || block.length() != expected) {
            return false;
        }
        byte[] kept = tap.chunk(jobId, offset, block.payload());
        out.write(ByteBuffer.wrap(kept), offset);
        have.set(i);
        return true;
    }
}
