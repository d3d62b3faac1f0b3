package io.fleetline.server;

import io.fleetline.api.blobs.BlobsApi;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.s3.S3Handlers;
import io.fleetline.blobs.Blobs;
import io.fleetline.blobs.DownloadUrls;
import io.fleetline.blobs.content.FileContentStore;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.ota.streams.StreamObjects;
import io.fleetline.s3store.ExternalStore;
import io.fleetline.storage.Database;
import io.fleetline.storage.blobs.JdbcBlobMetadataStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * How each account stack gets its object store. Embedded (the default): the account's own {@link Blobs} over its
 * database and a content directory of its own, served by the S3 API, and download URLs that point at this server.
 * External ({@code --blob-store}): no store per account; every account's jobs read from the one external store and
 * devices download from it. A test may give the jobs a store of its own instead ({@link #withJobStores}).
 */
final class AccountObjects {
    private final Optional<ExternalStore> external;
    private final Function<AccountScope, Path> contentDirs;
    /** The space each account's content store keeps free on its disk ({@code --blob-min-free-bytes}). */
    private final long minFreeBytes;
    private final Function<AccountScope, DownloadUrls> deviceUrls;
    private final Optional<ServiceModel> s3;
    private final Clock clock;
    private final Optional<JobObjectStores> jobStores;

    private AccountObjects(Optional<ExternalStore> external, Function<AccountScope, Path> contentDirs,
                           long minFreeBytes, Function<AccountScope, DownloadUrls> deviceUrls,
                           Optional<ServiceModel> s3, Clock clock, Optional<JobObjectStores> jobStores) {
        this.external = external;
        this.contentDirs = contentDirs;
        this.minFreeBytes = minFreeBytes;
        this.deviceUrls = deviceUrls;
        this.s3 = s3;
        this.clock = clock;
        this.jobStores = jobStores;
    }

    /**
     * The embedded store: each account's bytes in {@code contentDirs}, keeping {@code minFreeBytes} free on its disk,
     * its S3 API from {@code s3}'s model, its devices' URLs from {@code deviceUrls}.
     */
    static AccountObjects embedded(Function<AccountScope, Path> contentDirs, long minFreeBytes,
                                   Function<AccountScope, DownloadUrls> deviceUrls, ServiceModel s3, Clock clock) {
        return new AccountObjects(Optional.empty(), contentDirs, minFreeBytes, deviceUrls, Optional.of(s3), clock,
                Optional.empty());
    }

    /** The external store every account shares; no S3 API. */
    static AccountObjects external(ExternalStore store, Clock clock) {
        return new AccountObjects(Optional.of(store), scope -> {
            throw new IllegalStateException("an external store has no content directories");
        }, 0, scope -> store.downloadUrls(), Optional.empty(), clock, Optional.empty());
    }

    /** The same, but the accounts' jobs use what {@code stores} opens (tests give a stand-in). */
    AccountObjects withJobStores(JobObjectStores stores) {
        return new AccountObjects(external, contentDirs, minFreeBytes, deviceUrls, s3, clock, Optional.of(stores));
    }

    /**
     * Opens the account's embedded store over its database (whose migrations hold the metadata tables), sweeping what
     * a crash left in its content directory; empty with an external store.
     */
    Optional<Blobs> open(AccountScope scope, Database database) {
        if (external.isPresent()) {
            return Optional.empty();
        }
        return Optional.of(Blobs.open(new JdbcBlobMetadataStore(database),
                FileContentStore.open(contentDirs.apply(scope), minFreeBytes), scope, clock));
    }

    /** The S3 API of the account's embedded store; empty with an external store. */
    Optional<S3Handlers> handlers(Optional<Blobs> blobs) {
        return s3.flatMap(model -> blobs.map(store -> BlobsApi.handlers(model, store)));
    }

    /**
     * What the account's streams read files from: the embedded store (any version), the external store (current
     * objects only), a test's stand-in store, or none.
     */
    StreamObjects forStreams(AccountScope scope, Optional<Blobs> blobs) {
        if (external.isPresent()) {
            return StreamObjects.over(external.get().blobStore());
        }
        if (blobs.isPresent()) {
            return StreamObjects.embedded(blobs.get());
        }
        return jobStores.flatMap(stores -> stores.forAccount(scope)).map(ports -> StreamObjects.over(ports.blobs()))
                .orElse(StreamObjects.NONE);
    }

    /**
     * What the account's jobs read documents from and presign devices' URLs on: the embedded store's objects and URLs
     * to this server, or the external store's objects and its own URLs.
     */
    Optional<JobObjectStores.Ports> forJobs(AccountScope scope, Optional<Blobs> blobs) {
        if (jobStores.isPresent()) {
            return jobStores.get().forAccount(scope);
        }
        if (external.isPresent()) {
            return Optional.of(new JobObjectStores.Ports(external.get().blobStore(), external.get().downloadUrls()));
        }
        return blobs.map(store -> new JobObjectStores.Ports(store.asBlobStore(), deviceUrls.apply(scope)));
    }
}
