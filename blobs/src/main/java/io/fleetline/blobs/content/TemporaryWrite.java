package io.fleetline.blobs.content;

import io.fleetline.blobs.BlobErrors;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Copies a body into a new temporary file, computing its MD5 and SHA-256 and counting it on the way, and syncs the
 * file. Failures are told apart: the body's ({@code IncompleteBody}, the client's fault) from the disk's
 * ({@link DiskFailure}, the server's). Before each stretch of writing it makes sure the file system keeps its reserve
 * free, so the object store never fills the disk the database shares.
 */
final class TemporaryWrite {
    private static final int BUFFER = 64 * 1024;
    private static final long SPACE_CHECK_EVERY = 1024 * 1024;

    /** What the temporary file holds once written and synced. */
    record Written(long size, byte[] md5, byte[] sha256) {
    }

    /** The file system failed us (the message says how; it may name paths, so it is logged, not shown). */
    static final class DiskFailure extends RuntimeException {
        DiskFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final FileStore fileStore;
    private final long minFreeBytes;

    TemporaryWrite(FileStore fileStore, long minFreeBytes) {
        this.fileStore = fileStore;
        this.minFreeBytes = minFreeBytes;
    }

    Written copy(InputStream body, Path temp, boolean withMd5) {
        MessageDigest md5 = withMd5 ? digest("MD5") : null;
        MessageDigest sha256 = digest("SHA-256");
        byte[] buffer = new byte[BUFFER];
        long size = 0;
        // before the first byte is read: a client that asked to continue (Expect: 100-continue, as the SDKs' uploads
        // do) then gets the refusal instead of the go-ahead, and never sends a body the server would cut off
        requireSpace();
        long nextSpaceCheck = SPACE_CHECK_EVERY;
        try (FileChannel out = create(temp)) {
            for (int read = readBody(body, buffer, size); read >= 0; read = readBody(body, buffer, size)) {
                if (size >= nextSpaceCheck) {
                    requireSpace();
                    nextSpaceCheck = size + SPACE_CHECK_EVERY;
                }
                if (md5 != null) {
                    md5.update(buffer, 0, read);
                }
                sha256.update(buffer, 0, read);
                write(out, ByteBuffer.wrap(buffer, 0, read));
                size += read;
            }
            sync(out);
        } catch (IOException closing) {
            throw new DiskFailure("cannot close " + temp + ": " + closing, closing);
        }
        return new Written(size, md5 == null ? null : md5.digest(), sha256.digest());
    }

    private static FileChannel create(Path temp) {
        try {
            return FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new DiskFailure("cannot create " + temp + ": " + e, e);
        }
    }

    private static int readBody(InputStream body, byte[] buffer, long sizeSoFar) {
        try {
            return body.read(buffer);
        } catch (IOException e) {
            throw new FleetlineException(ErrorCode.INCOMPLETE_BODY,
                    "The request body broke off after " + sizeSoFar + " bytes");
        }
    }

    private static void write(FileChannel out, ByteBuffer bytes) {
        try {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new DiskFailure("cannot write a temporary file: " + e, e);
        }
    }

    private static void sync(FileChannel out) {
        try {
            out.force(true);
        } catch (IOException e) {
            throw new DiskFailure("cannot sync a temporary file: " + e, e);
        }
    }

    private void requireSpace() {
        long usable;
        try {
            usable = fileStore.getUsableSpace();
        } catch (IOException e) {
            throw new DiskFailure("cannot tell the free space of " + fileStore + ": " + e, e);
        }
        if (usable - SPACE_CHECK_EVERY < minFreeBytes) {
            throw BlobErrors.unavailable("The object store is out of space (" + usable + " bytes left, "
                    + minFreeBytes + " kept free)");
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has " + algorithm, e);
        }
    }
}
