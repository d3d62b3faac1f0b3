package io.fleetline.blobs.content;

import io.fleetline.blobs.BlobErrors;
import io.fleetline.core.log.LimitedLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The content store in a directory: {@code tmp/} for writes in progress, {@code sha256/<first two hex digits>/<hex>}
 * for contents. A write goes to a new file in {@code tmp/}, is synced, renamed atomically into its place (replacing an
 * equal file, if any) and the directory synced, so a content in place is always whole and durable. Names come from
 * digests and random ids only, never from keys.
 *
 * <p>Only {@code tmp/} and {@code sha256/} belong to the store; anything else in the directory is left alone. Open
 * one store per directory in a process: pins and the writes in progress are kept by the instance.
 */
public final class FileContentStore implements ContentStore {
    /** The free space a store keeps by default for the database and the rest of the data dir. */
    public static final long DEFAULT_MIN_FREE_BYTES = 64L * 1024 * 1024;
    private static final Pattern TWO_HEX = Pattern.compile("[0-9a-f]{2}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final HexFormat HEX = HexFormat.of();

    private final Path tmp;
    private final Path contents;
    private final TemporaryWrite writer;
    private final ContentPins pins = new ContentPins();
    private final Set<Path> writing = ConcurrentHashMap.newKeySet();
    private final LimitedLog log = new LimitedLog(LoggerFactory.getLogger(FileContentStore.class));

    private FileContentStore(Path root, long minFreeBytes) throws IOException {
        this.tmp = Files.createDirectories(root.resolve("tmp"));
        this.contents = Files.createDirectories(root.resolve("sha256"));
        this.writer = new TemporaryWrite(Files.getFileStore(root), minFreeBytes);
    }

    /** Opens (creating it if needed) a store in {@code root} that keeps {@code minFreeBytes} of its disk free. */
    public static FileContentStore open(Path root, long minFreeBytes) {
        try {
            return new FileContentStore(root, minFreeBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the content store in " + root, e);
        }
    }

    public static FileContentStore open(Path root) {
        return open(root, DEFAULT_MIN_FREE_BYTES);
    }

    @Override
    public StoredContent write(InputStream body, ContentCheck check) {
        Path temp = tmp.resolve(UUID.randomUUID() + ".tmp");
        writing.add(temp);
        try {
            TemporaryWrite.Written written = writer.copy(body, temp, check.needsMd5());
            check.verify(written.size(), written.md5(), written.sha256());
            Content content = new Content(ContentId.of(HEX.formatHex(written.sha256())), written.size(),
                    written.md5() == null ? null : HEX.formatHex(written.md5()));
            ContentPin pin = pins.pin(content.id());
            try {
                place(temp, content.id());
            } catch (RuntimeException e) {
                pin.close();
                throw e;
            }
            return new StoredContent(content, pin);
        } catch (TemporaryWrite.DiskFailure e) {
            log.warn("The content store cannot write: {}", e.getMessage());
            throw BlobErrors.unavailable("The object store could not write the bytes");
        } finally {
            deleteQuietly(temp);
            writing.remove(temp);
        }
    }

    private void place(Path temp, ContentId id) {
        Path target = pathOf(id);
        try {
            Path shard = target.getParent();
            if (!Files.isDirectory(shard)) {
                Files.createDirectories(shard);
                syncDirectory(contents);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(shard);
        } catch (IOException e) {
            throw new TemporaryWrite.DiskFailure("cannot move " + temp + " to " + target + ": " + e, e);
        }
    }

    @Override
    public ContentPin pin(ContentId id) {
        return pins.pin(id);
    }

    @Override
    public Optional<ContentReader> open(ContentId id) {
        Path path = pathOf(id);
        try {
            return Optional.of(new ContentReader(path, FileChannel.open(path, StandardOpenOption.READ)));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open content " + id, e);
        }
    }

    @Override
    public boolean deleteUnlessUsed(ContentId id, Predicate<ContentId> referenced) {
        return pins.unlessPinned(id, () -> {
            if (referenced.test(id)) {
                return false;
            }
            deleteQuietly(pathOf(id));
            return true;
        });
    }

    @Override
    public List<ContentId> contents() {
        List<ContentId> found = new ArrayList<>();
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(contents)) {
            for (Path shard : shards) {
                if (TWO_HEX.matcher(shard.getFileName().toString()).matches() && Files.isDirectory(shard)) {
                    addContents(shard, found);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + contents, e);
        }
        return found;
    }

    private static void addContents(Path shard, List<ContentId> found) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (SHA256_HEX.matcher(name).matches()) {
                    found.add(ContentId.of(name));
                }
            }
        }
    }

    @Override
    public int removeAbandonedTemporaries() {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
            for (Path file : files) {
                if (!writing.contains(file) && deleteQuietly(file)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tmp, e);
        }
        return removed;
    }

    /** Where a content lives; for the store's own tests and tools, like {@link ContentReader#path()}. */
    public Path pathOf(ContentId id) {
        return contents.resolve(id.value().substring(0, 2)).resolve(id.value());
    }

    private boolean deleteQuietly(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", file, e.toString());
            return false;
        }
    }

    /** Makes a rename or a new entry in {@code dir} durable (Linux syncs a directory opened for reading). */
    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
