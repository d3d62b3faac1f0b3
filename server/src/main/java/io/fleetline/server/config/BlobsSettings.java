package io.fleetline.server.config;

import io.fleetline.blobs.content.FileContentStore;
import io.fleetline.s3store.ChecksumMode;
import io.fleetline.s3store.ExternalStoreOptions;
import io.fleetline.s3store.S3Credentials;
import io.fleetline.s3store.S3Location;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the object store keeps its bytes: embedded in the data directory (the default), or on an external
 * S3-compatible store (the scale-out mode), where Fleetline reads documents and images and presigns device URLs, and
 * its own S3 API is off: the operator uses the store directly.
 *
 * @param store       {@code --blob-store}: empty for {@code embedded}, else where Fleetline's buckets are on the
 *                    external store ({@code s3://bucket/prefix}, or {@code s3} for one store bucket per bucket)
 * @param endpoint    {@code --blob-endpoint}: the store's URL; empty: AWS S3
 * @param region      {@code --blob-region}: the region requests to the store are signed for; empty: {@code --region}
 * @param credentials {@code --blob-access-key-id} and {@code --blob-secret-access-key} (best from the environment,
 *                    {@code FLEETLINE_BLOB_SECRET_ACCESS_KEY}); neither: the AWS SDK's default chain
 * @param pathStyle   {@code --blob-path-style}: {@code true}/{@code false}; empty ({@code auto}): path-style with an
 *                    endpoint, virtual-hosted on AWS
 * @param checksums   {@code --blob-checksums}: whether flexible checksums are sent; {@code when-required} by default,
 *                    which every store takes (s3proxy 2.6.0 refuses the SDK's default, {@code when-supported})
 * @param minFreeBytes {@code --blob-min-free-bytes}: the space the embedded store keeps free on the disk of each
 *                    account's content directory; past it uploads are 503 {@code ServiceUnavailable} with nothing
 *                    stored, so the object store never fills the disk the database shares. 64 MiB by default, at
 *                    least 1 MiB (the store checks the space once per MiB written) and at most 1 TiB
 */
public record BlobsSettings(Optional<S3Location> store, Optional<URI> endpoint, Optional<String> region,
                            S3Credentials credentials, Optional<Boolean> pathStyle, ChecksumMode checksums,
                            long minFreeBytes) {
    public static final String EMBEDDED = "embedded";
    public static final ChecksumMode DEFAULT_CHECKSUMS = ChecksumMode.WHEN_REQUIRED;
    public static final long DEFAULT_MIN_FREE_BYTES = FileContentStore.DEFAULT_MIN_FREE_BYTES;
    static final long MIN_MIN_FREE_BYTES = 1L << 20;
    static final long MAX_MIN_FREE_BYTES = 1L << 40;
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");

    public BlobsSettings {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(checksums, "checksums");
        endpoint.ifPresent(BlobsSettings::requireEndpoint);
        region.ifPresent(name -> {
            if (!REGION.matcher(name).matches()) {
                throw new IllegalArgumentException("--blob-region must be a region name such as eu-west-1: " + name);
            }
        });
        if (minFreeBytes < MIN_MIN_FREE_BYTES || minFreeBytes > MAX_MIN_FREE_BYTES) {
            throw new IllegalArgumentException("--blob-min-free-bytes must be 1MiB to 1024GiB: " + minFreeBytes);
        }
        if (store.isPresent() && minFreeBytes != DEFAULT_MIN_FREE_BYTES) {
            // the external store's disks are not Fleetline's to guard
            throw new IllegalArgumentException("--blob-min-free-bytes is for the embedded store, not --blob-store");
        }
        if (store.isEmpty()) {
            // settings of a store that is not used are a slip: the operator meant an external store
            requireUnset("--blob-endpoint", endpoint.isPresent());
            requireUnset("--blob-region", region.isPresent());
            requireUnset("--blob-access-key-id", !credentials.fromDefaultChain());
            requireUnset("--blob-path-style", pathStyle.isPresent());
            requireUnset("--blob-checksums", checksums != DEFAULT_CHECKSUMS);
        }
    }

    /** The embedded store. */
    public static BlobsSettings defaults() {
        return new BlobsSettings(Optional.empty(), Optional.empty(), Optional.empty(), S3Credentials.defaultChain(),
                Optional.empty(), DEFAULT_CHECKSUMS, DEFAULT_MIN_FREE_BYTES);
    }

    /** {@code embedded}, or a location on an external store ({@code s3://bucket/prefix}, {@code s3}). */
    public static Optional<S3Location> store(String text) {
        if (text.strip().equals(EMBEDDED)) {
            return Optional.empty();
        }
        return Optional.of(Bounds.named("--blob-store", () -> S3Location.parse(text)));
    }

    /** Whether the bytes live on an external store. */
    public boolean external() {
        return store.isPresent();
    }

    /** Whether Fleetline serves its own S3 API: only over the embedded store. */
    public boolean servesS3Api() {
        return store.isEmpty();
    }

    /** How to reach the external store, for a server whose own region is {@code serverRegion}; empty: embedded. */
    public Optional<ExternalStoreOptions> externalStore(String serverRegion) {
        return store.map(location -> new ExternalStoreOptions(location, endpoint, region.orElse(serverRegion),
                credentials, pathStyle, checksums));
    }

    /** An external store at {@code location}, the other settings as they are. */
    public BlobsSettings withStore(S3Location location) {
        return new BlobsSettings(Optional.of(location), endpoint, region, credentials, pathStyle, checksums,
                minFreeBytes);
    }

    public BlobsSettings withEndpoint(URI url) {
        return new BlobsSettings(store, Optional.of(url), region, credentials, pathStyle, checksums, minFreeBytes);
    }

    public BlobsSettings withCredentials(S3Credentials key) {
        return new BlobsSettings(store, endpoint, region, key, pathStyle, checksums, minFreeBytes);
    }

    public BlobsSettings withPathStyle(boolean on) {
        return new BlobsSettings(store, endpoint, region, credentials, Optional.of(on), checksums, minFreeBytes);
    }

    public BlobsSettings withChecksums(ChecksumMode mode) {
        return new BlobsSettings(store, endpoint, region, credentials, pathStyle, mode, minFreeBytes);
    }

    /** The embedded store keeping {@code bytes} free on its disk. */
    public BlobsSettings withMinFreeBytes(long bytes) {
        return new BlobsSettings(store, endpoint, region, credentials, pathStyle, checksums, bytes);
    }

    private static void requireUnset(String flag, boolean set) {
        if (set) {
            throw new IllegalArgumentException(flag + " is for an external store (--blob-store s3://bucket/prefix)");
        }
    }

    /** An absolute http(s) URL of a host and nothing after its path: the client adds buckets and keys to it. */
    private static void requireEndpoint(URI url) {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null
                || url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("--blob-endpoint must be an http:// or https:// URL of the store, "
                    + "without query or user: " + url);
        }
    }
}
