package io.fleetline.storage.jobs;

import io.fleetline.blobs.DownloadUrls;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.object.ObjectKey;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Download URLs shaped as S3 presigned GET URLs ({@code X-Amz-Date}, {@code X-Amz-Expires}, a signature), dated by
 * a clock, for the tests of what jobs hand devices until the embedded store's own presigner is wired. The signature
 * is an HMAC over what the URL names, not SigV4: nothing downloads with these URLs.
 */
public final class ClockedDownloadUrls implements DownloadUrls {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private final Supplier<String> endpoint;
    private final Clock clock;

    /** @param endpoint scheme, host and port the URLs point at, asked at every presign (a port known after start) */
    public ClockedDownloadUrls(Supplier<String> endpoint, Clock clock) {
        this.endpoint = endpoint;
        this.clock = clock;
    }

    @Override
    public URI presignGet(BucketName bucket, ObjectKey key, java.util.Optional<String> versionId, Duration expiry) {
        String date = AMZ_DATE.format(clock.instant());
        String path = "/" + bucket.value() + "/" + URLEncoder.encode(key.value(), StandardCharsets.UTF_8)
                .replace("+", "%20").replace("%2F", "/");
        return URI.create(endpoint.get() + path + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=" + date
                + "&X-Amz-Expires=" + expiry.toSeconds() + "&X-Amz-SignedHeaders=host&X-Amz-Signature="
                + signature(path + date + expiry.toSeconds())
                + versionId.map(v -> "&versionId=" + URLEncoder.encode(v, StandardCharsets.UTF_8)).orElse(""));
    }

    private static String signature(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("test-download-urls".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
