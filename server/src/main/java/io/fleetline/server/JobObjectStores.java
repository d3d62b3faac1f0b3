package io.fleetline.server;

import io.fleetline.blobs.BlobStore;
import io.fleetline.blobs.DownloadUrls;
import io.fleetline.core.arn.AccountScope;
import java.util.Optional;

/**
 * The object store each account's jobs use: where {@code documentSource} documents are read from and where the
 * presigned URLs in documents devices get are made. The server's own store (the embedded one behind its S3 API, or
 * an external S3 store) is to be wired here; until it is, a server has none ({@link #NONE}: documentSource and
 * presigned-URL placeholders are refused) unless it is given one, as tests give it an embedded store of their own.
 */
@FunctionalInterface
public interface JobObjectStores {
    JobObjectStores NONE = scope -> Optional.empty();

    /** The store of the account, opened once when the account's stack is; empty: the account has none. */
    Optional<Ports> forAccount(AccountScope scope);

    /** What jobs need of a store: its objects, and download URLs for devices that hold no other credential for it. */
    record Ports(BlobStore blobs, DownloadUrls downloads) {
    }
}
