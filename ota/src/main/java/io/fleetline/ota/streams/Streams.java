package io.fleetline.ota.streams;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.tag.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * CreateStream, DescribeStream, UpdateStream, ListStreams and DeleteStream. Files are read when they are named (not
 * in the transaction): each must exist, and its size and ETag are kept with the stream. Devices read streams through
 * {@link #delivery()}.
 */
public final class Streams {
    /** Files of a stream at most, as AWS's model allows. */
    public static final int MAX_FILES = 50;
    /** A stream file's largest size, 24 MiB: 98,304 blocks of the smallest size, the largest offset a device names. */
    public static final long MAX_FILE_SIZE = 24L * 1024 * 1024;
    public static final int MAX_VERSION = 65_535;
    public static final int MAX_DESCRIPTION = 2028;
    /** How long a deleted stream's version is remembered, for a stream created again under its id. */
    public static final Duration RESURRECTION = Duration.ofDays(90);
    private static final Pattern DESCRIPTION = Pattern.compile("[^\\p{C}]+");

    private final StreamStore store;
    private final StreamObjects objects;
    private final AccountScope scope;
    private final Clock clock;
    private final KnownStreams known;
    private final OpenFiles files;
    private final StreamDelivery delivery;
    private volatile Predicate<StreamId> inUse = id -> false;

    private Streams(StreamStore store, StreamObjects objects, AccountScope scope, Clock clock) {
        this.store = store;
        this.objects = objects;
        this.scope = scope;
        this.clock = clock;
        this.known = new KnownStreams(store);
        this.files = new OpenFiles(objects, clock);
        this.delivery = new StreamDelivery(known, new BlockReader(files));
    }

    /**
     * The streams of an account over its store and object store. Their tags are the registry's to serve: give it
     * {@link #requireExists} for {@link ResourceType#STREAM}.
     */
    public static Streams create(StreamStore store, StreamObjects objects, AccountScope scope, Clock clock) {
        return new Streams(store, objects, scope, clock);
    }

    /** Returns when a stream of this id exists, else {@code ResourceNotFoundException} (the registry's tag lookup). */
    public void requireExists(String streamId) {
        describe(StreamId.parse(streamId).orElseThrow(() -> notFound(streamId)));
    }

    /** Answers devices' requests on the streams topics. */
    public StreamDelivery delivery() {
        return delivery;
    }

    /**
     * Forgets what devices' reads keep between requests (the streams read, the files open): a reset has wiped the
     * store under them.
     */
    public void forgetCachedState() {
        known.forgetAll();
        files.forgetAll();
    }

    /**
     * Says which streams may not be deleted ({@code DeleteConflictException}): those an OTA update holds (the server
     * wires {@code OtaUpdates.holdsStream}).
     */
    public void guardDeletion(Predicate<StreamId> streamInUse) {
        this.inUse = streamInUse;
    }

    public String arnOf(StreamId id) {
        return scope.arn(ResourceType.STREAM, id.value());
    }

    /**
     * Creates a stream at version 1, or at the version after a stream of the same id deleted within
     * {@link #RESURRECTION}. Each file's object must exist ({@code ResourceNotFoundException}); an id taken is
     * {@code ResourceAlreadyExistsException}.
     */
    public Stream create(NewStream request) {
        validDescription(request.description());
        validRole(request.roleArn());
        Tags.requireValid(request.tags());
        List<StreamFile> named = read(request.files());
        String arn = arnOf(request.id());
        try {
            return insert(request, named, arn);
        } finally {
            known.changed(request.id());
        }
    }

    private Stream insert(NewStream request, List<StreamFile> named, String arn) {
        return store.transact(tx -> {
            if (tx.find(request.id()).isPresent()) {
                throw FleetlineException.alreadyExists("Stream " + request.id() + " already exists",
                        request.id().value(), arn);
            }
            Instant now = clock.instant();
            tx.forgetDeletedBefore(now.minus(RESURRECTION));
            int version = tx.deletedVersion(request.id(), now.minus(RESURRECTION)).map(v -> v + 1).orElse(1);
            requireVersion(version, request.id());
            Stream stream = new Stream(request.id(), request.description(), named, request.roleArn(), version, now,
                    now);
            tx.forgetDeleted(request.id());
            tx.insert(stream);
            // a stream deleted while it was being tagged may have left tags under this id
            tx.deleteTags(arn);
            tx.putTags(arn, request.tags());
            return stream;
        });
    }

    public Stream describe(StreamId id) {
        return store.read(tx -> tx.find(id)).orElseThrow(() -> notFound(id));
    }

    /** Replaces what the changes give and adds one to the version; past {@value #MAX_VERSION} it is refused. */
    public Stream update(StreamId id, StreamChanges changes) {
        changes.description().ifPresent(d -> validDescription(Optional.of(d)));
        changes.roleArn().ifPresent(Streams::validRole);
        Optional<List<StreamFile>> newFiles = changes.files().map(this::read);
        List<Stream> replaced = new ArrayList<>(1);
        try {
            return store.transact(tx -> {
                Stream current = tx.find(id).orElseThrow(() -> notFound(id));
                int version = current.version() + 1;
                requireVersion(version, id);
                Stream updated = new Stream(id, changes.description().or(current::description),
                        newFiles.orElse(current.files()), changes.roleArn().orElse(current.roleArn()), version,
                        current.createdAt(), clock.instant());
                tx.update(updated);
                replaced.add(current);
                return updated;
            });
        } finally {
            changed(id, replaced);
        }
    }

    /** Streams by id, descending unless {@code ascending}. */
    public Page<Stream> list(PageRequest page, boolean ascending) {
        return store.read(tx -> Page.of(tx.list(page, ascending), page, stream -> stream.id().value()));
    }

    /** Deletes a stream and its tags, remembering its version for {@link #RESURRECTION}. */
    public void delete(StreamId id) {
        if (inUse.test(id)) {
            throw new FleetlineException(ErrorCode.DELETE_CONFLICT, "Stream " + id + " is in use by an OTA update");
        }
        List<Stream> deleted = new ArrayList<>(1);
        try {
            store.transact(tx -> {
                Stream stream = tx.find(id).orElseThrow(() -> notFound(id));
                tx.delete(id);
                tx.recordDeleted(id, stream.version(), clock.instant());
                tx.deleteTags(arnOf(id));
                deleted.add(stream);
                return null;
            });
        } finally {
            changed(id, deleted);
        }
    }

    /**
     * After a change of the stream, committed or not (a failed commit changed nothing, and forgetting costs one read):
     * devices' next request reads it again, and the files it had are let go.
     */
    private void changed(StreamId id, List<Stream> before) {
        known.changed(id);
        before.forEach(stream -> files.forget(stream.files()));
    }

    /** Each file's object as it is now; ids unique and in range, 1 to {@value #MAX_FILES} files, each 24 MiB at most. */
    private List<StreamFile> read(List<FileSpec> specs) {
        if (specs.isEmpty() || specs.size() > MAX_FILES) {
            throw FleetlineException.invalid("A stream has 1 to " + MAX_FILES + " files: " + specs.size());
        }
        Set<Integer> ids = new HashSet<>();
        List<StreamFile> read = new ArrayList<>(specs.size());
        for (FileSpec spec : specs) {
            if (spec.fileId() < 0 || spec.fileId() > FileSpec.MAX_FILE_ID || !ids.add(spec.fileId())) {
                throw FleetlineException.invalid("File ids are 0 to " + FileSpec.MAX_FILE_ID
                        + ", each once in a stream: " + spec.fileId());
            }
            StreamObjects.ObjectFacts facts = objects.head(spec.source());
            if (facts.size() > MAX_FILE_SIZE) {
                throw FleetlineException.invalid("The stream file " + spec.source() + " is " + facts.size()
                        + " bytes; a stream file has at most " + MAX_FILE_SIZE);
            }
            read.add(new StreamFile(spec.fileId(), spec.source(), facts.size(), facts.etag()));
        }
        return read;
    }

    private static void validDescription(Optional<String> description) {
        description.ifPresent(d -> {
            if (d.length() > MAX_DESCRIPTION || !DESCRIPTION.matcher(d).matches()) {
                throw FleetlineException.invalid("A stream's description is 1 to " + MAX_DESCRIPTION
                        + " characters, none of them control characters");
            }
        });
    }

    private static void validRole(String roleArn) {
        if (roleArn.length() < 20 || roleArn.length() > 2048) {
            throw FleetlineException.invalid("The roleArn must be 20 to 2048 characters: " + roleArn);
        }
    }

    private static void requireVersion(int version, StreamId id) {
        if (version > MAX_VERSION) {
            throw FleetlineException.limitExceeded("Stream " + id + " has reached its last version, " + MAX_VERSION);
        }
    }

    private static FleetlineException notFound(Object id) {
        return FleetlineException.notFound("Stream " + id + " does not exist");
    }
}
