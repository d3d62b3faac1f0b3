package io.fleetline.server;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** The data directory: checked writable at start, and the files Fleetline writes there, written atomically. */
final class DataDirectory {
    private final Path root;

    DataDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** Creates the directory and proves it writable, so a bad data dir fails start-up with one clear line. */
    void prepare() {
        try {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new StartupException("data directory " + root + " is not writable (" + e.getMessage() + ")");
        }
    }

    /** Writes a file whole or not at all; {@code secret} files are readable by their owner only. */
    Path write(String name, String content, boolean secret) {
        Path target = root.resolve(name);
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
            Files.writeString(temp, content);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException | UnsupportedOperationException e) {
            throw new StartupException("cannot write " + target + " (" + e.getMessage() + ")");
        }
    }

    void deleteQuietly(String name) {
        try {
            Files.deleteIfExists(root.resolve(name));
        } catch (IOException e) {
            // a stale file is overwritten at the next start
        }
    }
}
