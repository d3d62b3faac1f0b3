package io.fleetline.api.s3;

import io.fleetline.api.auth.SigV4;
import io.fleetline.blobs.DownloadUrls;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.object.ObjectKey;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The embedded store's download URLs: S3 presigned GET URLs (SigV4 in the query, {@code UNSIGNED-PAYLOAD},
 * {@code X-Amz-Expires} the expiry) of Fleetline's own S3 route, path-style ({@code <base>/<bucket>/<key>}), signed
 * with an access key the server keeps, at the clock's time. Any S3 client or plain HTTP client can fetch them, with
 * {@code Range}; the device port serves them to devices without a client certificate, by the signature alone.
 *
 * <p>The key is encoded as S3 clients encode it (every byte but the unreserved ones and {@code /} as {@code %XX}), and
 * a segment that is exactly {@code .} or {@code ..} as {@code %2E} escapes: the key is data, and an HTTP client that
 * removes dot segments (curl does) would otherwise fetch another object. The signature covers the decoded key either
 * way, as S3's canonical form has it.
 */
public final class PresignedUrls implements DownloadUrls {
    private static final Duration MIN_EXPIRY = Duration.ofSeconds(1);

    private final Supplier<URI> base;
    private final String accessKeyId;
    private final String secret;
    private final String region;
    private final Clock clock;

    /**
     * @param base        scheme, host and port the URLs point at (the device port's public address), asked at each
     *                    presign so that a port bound later is known; a path of its own is kept before the bucket
     * @param accessKeyId the key the URLs are signed with, which the server's verifier must know
     * @param secret      its secret
     * @param region      the server's region (the only one the verifier takes)
     */
    public PresignedUrls(Supplier<URI> base, String accessKeyId, String secret, String region, Clock clock) {
        this.base = base;
        this.accessKeyId = accessKeyId;
        this.secret = secret;
        this.region = region;
        this.clock = clock;
    }

    public PresignedUrls(URI base, String accessKeyId, String secret, String region, Clock clock) {
        this(() -> base, accessKeyId, secret, region, clock);
    }

    @Override
    public URI presignGet(BucketName bucket, ObjectKey key, java.util.Optional<String> versionId, Duration expiry) {
        return presign("GET", bucket, key, versionId, expiry);
    }

    /**
     * A presigned URL for {@code method} (GET, HEAD, PUT) on {@code key} of {@code bucket}, valid for {@code expiry}
     * (1 second to 7 days) from now.
     */
    public URI presign(String method, BucketName bucket, ObjectKey key, Duration expiry) {
        return presign(method, bucket, key, java.util.Optional.empty(), expiry);
    }

    /** As {@link #presign(String, BucketName, ObjectKey, Duration)}, for one version of the object when one is named. */
    public URI presign(String method, BucketName bucket, ObjectKey key, java.util.Optional<String> versionId,
                       Duration expiry) {
        if (expiry.compareTo(MIN_EXPIRY) < 0 || expiry.compareTo(MAX_EXPIRY) > 0) {
            throw new IllegalArgumentException("a presigned URL lives 1 second to 7 days: " + expiry);
        }
        URI at = base.get();
        String basePath = at.getRawPath() == null ? "" : at.getRawPath().replaceAll("/+$", "");
        String rawPath = basePath + "/" + bucket.value() + "/" + encodeKey(key.value());
        String query = SigV4.presignedQuery(method, rawPath, versionId.map(v -> "versionId=" + SigV4.uriEncode(v, true))
                .orElse(""), host(at), accessKeyId, secret, region, "s3", clock.instant(), expiry.toSeconds());
        return URI.create(at.getScheme() + "://" + at.getRawAuthority() + rawPath + "?" + query);
    }

    /** The key as a path: SigV4's encoding keeping {@code /}, dot segments escaped. */
    static String encodeKey(String key) {
        StringBuilder path = new StringBuilder(key.length() + 16);
        int start = 0;
        while (true) {
            int slash = key.indexOf('/', start);
            String segment = slash < 0 ? key.substring(start) : key.substring(start, slash);
            path.append(segment.equals(".") || segment.equals("..") ? segment.replace(".", "%2E")
                    : SigV4.uriEncode(segment, false));
            if (slash < 0) {
                return path.toString();
            }
            path.append('/');
            start = slash + 1;
        }
    }

    /** {@code Host} as an HTTP client sends it for this address: the port only when it is not the scheme's own. */
    private static String host(URI at) {
        int port = at.getPort();
        boolean defaultPort = port == -1 || ("https".equalsIgnoreCase(at.getScheme()) && port == 443)
                || ("http".equalsIgnoreCase(at.getScheme()) && port == 80);
        return defaultPort ? at.getHost() : at.getHost() + ":" + port;
    }
}
