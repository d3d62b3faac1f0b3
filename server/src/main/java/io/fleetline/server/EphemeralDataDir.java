package io.fleetline.server;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.UUID;

/**
 * The throw-away data directory of {@code serve --ephemeral}: made under {@code $TMPDIR/fleetline-ephemeral/}
 * (readable by its owner only), deleted when the server stops. A server killed outright cannot delete its own, so
 * every ephemeral start first deletes the directories whose server is no longer running: each records the process
 * id and start time of its owner, which together name one process however ids are reused.
 */
final class EphemeralDataDir {
    static final String BASE = "fleetline-ephemeral";
    private static final String OWNER_FILE = "owner";
    private final Path root;

    private EphemeralDataDir(Path root) {
        this.root = root;
    }

    /** Sweeps the directories of servers that are gone, then makes this one's. */
    static EphemeralDataDir create() {
        Path base = base();
        try {
            Files.createDirectories(base);
            sweepOrphans(base);
            Path root = Files.createDirectory(base.resolve(ProcessHandle.current().pid() + "-"
                    + UUID.randomUUID().toString().substring(0, 8)),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.writeString(root.resolve(OWNER_FILE), ownerLine(ProcessHandle.current()));
            return new EphemeralDataDir(root);
        } catch (IOException e) {
            throw new StartupException("cannot make an ephemeral data directory under " + base + " ("
                    + e.getMessage() + ")", e);
        }
    }

    static Path base() {
        String tmp = Optional.ofNullable(System.getenv("TMPDIR")).filter(s -> !s.isBlank())
                .orElse(System.getProperty("java.io.tmpdir"));
        return Path.of(tmp).toAbsolutePath().resolve(BASE);
    }

    Path root() {
        return root;
    }

    /** Deletes the directory and everything in it; called when the server has stopped. */
    void delete() {
        deleteTree(root);
    }

    private static void sweepOrphans(Path base) throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base)) {
            for (Path dir : dirs) {
                if (Files.isDirectory(dir) && !ownerAlive(dir)) {
                    deleteTree(dir);
                }
            }
        }
    }

    private static boolean ownerAlive(Path dir) {
        String recorded;
        try {
            recorded = Files.readString(dir.resolve(OWNER_FILE)).trim();
        } catch (NoSuchFileException e) {
            return recentlyMade(dir);  // its owner may be between making it and writing the file
        } catch (IOException e) {
            return true;  // cannot tell: leave it
        }
        String[] parts = recorded.split(" ", 2);
        try {
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(parts[0]));
            return process.isPresent() && process.get().isAlive()
                    && ownerLine(process.get()).trim().equals(recorded);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean recentlyMade(Path dir) {
        try {
            return Files.getLastModifiedTime(dir).toInstant().isAfter(java.time.Instant.now().minusSeconds(60));
        } catch (IOException e) {
            return true;
        }
    }

    private static String ownerLine(ProcessHandle process) {
        return process.pid() + " " + process.info().startInstant().map(Object::toString).orElse("?") + "\n";
    }

    private static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException gone) {
            // already deleted
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(EphemeralDataDir.class).warn("could not delete {}: {}", dir,
                    e.getMessage());
        }
    }
}
