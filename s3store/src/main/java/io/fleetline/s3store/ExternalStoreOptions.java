package io.fleetline.s3store;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach the external store.
 *
 * @param location    where Fleetline's buckets live on it
 * @param endpoint    the store's URL ({@code http://minio:9000}); empty: AWS S3 in {@code region}
 * @param region      the region requests are signed for (and AWS S3's endpoint is chosen by)
 * @param credentials the key Fleetline signs with
 * @param pathStyle   path-style addressing ({@code host/bucket/key}) rather than virtual-hosted
 *                    ({@code bucket.host/key}); empty: path-style with an endpoint (what MinIO, Ceph RGW and s3proxy
 *                    answer without DNS set up for it), virtual-hosted on AWS
 * @param checksums   when flexible checksums are sent
 */
public record ExternalStoreOptions(S3Location location, Optional<URI> endpoint, String region,
                                   S3Credentials credentials, Optional<Boolean> pathStyle, ChecksumMode checksums) {
    public ExternalStoreOptions {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(checksums, "checksums");
        endpoint.ifPresent(ExternalStoreOptions::requireEndpoint);
        if (region == null || !region.matches("[a-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("not a region name: " + region);
        }
    }

    /** Whether requests name the bucket in the path. */
    public boolean usesPathStyle() {
        return pathStyle.orElse(endpoint.isPresent());
    }

    /** An absolute http(s) URL of a host, with nothing after the path: the SDK adds buckets and keys to it. */
    static void requireEndpoint(URI endpoint) {
        String scheme = endpoint.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null
                || endpoint.getRawQuery() != null || endpoint.getRawFragment() != null
                || endpoint.getRawUserInfo() != null) {
            throw new IllegalArgumentException("an http:// or https:// URL of the store, without query or user: "
                    + endpoint);
        }
    }
}
