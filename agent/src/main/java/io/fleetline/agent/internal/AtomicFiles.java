package io.fleetline.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files replaced whole or not at all: written beside their place, forced to the disk, renamed over it, and the
 * directory forced too, so that a power cut leaves the old file or the new one, never a part.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Replaces {@code file} with {@code bytes}. */
    public static void write(Path file, byte[] bytes) throws IOException {
        Path temp = temp(file);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(java.nio.ByteBuffer.wrap(bytes));
            out.force(true);
        }
        move(temp, file);
    }

    /** Replaces {@code file} with what {@code content} reads. */
    public static void copy(InputStream content, Path file) throws IOException {
        Path temp = temp(file);
        try (OutputStream out = Files.newOutputStream(temp)) {
            content.transferTo(out);
        }
        force(temp);
        move(temp, file);
    }

    /** Forces a file's content to the disk. */
    public static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static Path temp(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    private static void move(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(file.toAbsolutePath().getParent());
    }

    /** Forces a directory's entries (a rename in it) to the disk, where the platform can. */
    static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory for this; the rename itself is atomic still
        }
    }
}
