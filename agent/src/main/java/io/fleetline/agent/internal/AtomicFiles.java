package io.fleetline.agent.internal;

import io.fleetline.agent.Durability;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Files replaced whole or not at all: written beside their place and renamed over it. With {@link Durability#FULL}
 * the new file is forced to the disk before the rename and the directory after it, so that a power cut leaves the old
 * file or the new one, never a part; with {@link Durability#NONE} the rename alone keeps a crashed process from
 * leaving a part.
 */
public final class AtomicFiles {
    /** Forced to the disk: the agent's state on a real device. */
    public static final AtomicFiles DURABLE = new AtomicFiles(true);
    /** Renamed into place, never forced: files written again at every start, or a simulated device's state. */
    public static final AtomicFiles RENAMED = new AtomicFiles(false);

    private final boolean forced;

    private AtomicFiles(boolean forced) {
        this.forced = forced;
    }

    public static AtomicFiles of(Durability durability) {
        return durability == Durability.FULL ? DURABLE : RENAMED;
    }

    /** Replaces {@code file} with {@code bytes}. */
    public void write(Path file, byte[] bytes) throws IOException {
        Path temp = temp(file);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(bytes));
            if (forced) {
                out.force(true);
            }
        }
        move(temp, file);
    }

    /** Replaces {@code file} with what {@code content} reads. */
    public void copy(InputStream content, Path file) throws IOException {
        copy(content, file, Set.of());
    }

    /**
     * Replaces {@code file} with what {@code content} reads, the new file given {@code permissions} (when not empty)
     * before it takes the old one's place: it is never there with other permissions.
     */
    public void copy(InputStream content, Path file, Set<PosixFilePermission> permissions) throws IOException {
        Path temp = temp(file);
        try (OutputStream out = Files.newOutputStream(temp)) {
            content.transferTo(out);
        }
        if (!permissions.isEmpty()) {
            Files.setPosixFilePermissions(temp, permissions);
        }
        if (forced) {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
        move(temp, file);
    }

    /** Forces what was written through {@code channel} to the disk (its content, not its metadata), if durable. */
    public void force(FileChannel channel) throws IOException {
        if (forced) {
            channel.force(false);
        }
    }

    /** Forces a directory's entries (a rename or removal in it) to the disk, if durable and where the platform can. */
    public void forceDirectory(Path directory) {
        if (!forced) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory for this; the rename itself is atomic still
        }
    }

    private static Path temp(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    private void move(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(file.toAbsolutePath().getParent());
    }
}
