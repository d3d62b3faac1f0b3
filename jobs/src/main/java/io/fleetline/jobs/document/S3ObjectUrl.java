package io.fleetline.jobs.document;

import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.object.ObjectKey;
import io.fleetline.core.error.FleetlineException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An object an S3 URL names. The forms AWS takes for a job's {@code documentSource} and in presigned-URL placeholders:
 * path-style {@code https://s3[.<region>].amazonaws.com/<bucket>/<key>}, virtual-hosted
 * {@code https://<bucket>.s3[.<region>].amazonaws.com/<key>} (also the older {@code s3-<region>} and dual-stack hosts),
 * and, for Fleetline's own store, path-style URLs of the server's endpoints ({@code http://<public host>:<port>/<bucket>/<key>}).
 * Whatever the host says, the object is looked up in the account's own store: an AWS host is only a way of writing
 * bucket and key. The key is the URL's path after the bucket, percent-decoded once (a {@code +} stays a plus).
 */
public record S3ObjectUrl(BucketName bucket, ObjectKey key, Optional<String> versionId) {
    private static final Pattern AWS_HOST = Pattern.compile(
            "(?:(?<bucket>.+)\\.)?s3(?:[.-](?:dualstack\\.)?[a-z0-9-]+)?\\.amazonaws\\.com(?:\\.cn)?");

    /**
     * The object {@code url} names; {@code ownEndpoint} says which other hosts serve this store path-style. Anything
     * else, a bucket name S3 would refuse or an empty key, is {@code InvalidRequestException} explaining why.
     */
    public static S3ObjectUrl parse(String url, Predicate<URI> ownEndpoint) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused(url, "it is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null || uri.getRawPath() == null) {
            throw refused(url, "it is not an http(s) URL with a host");
        }
        if (uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw refused(url, "an S3 object URL has no user or fragment");
        }
        Optional<String> versionId = versionOf(url, uri.getRawQuery());
        String path = uri.getRawPath().startsWith("/") ? uri.getRawPath().substring(1) : uri.getRawPath();
        Matcher aws = AWS_HOST.matcher(uri.getHost().toLowerCase(Locale.ROOT));
        if (aws.matches() && aws.group("bucket") != null) {
            return of(url, aws.group("bucket"), decode(url, path), versionId);
        }
        if (!aws.matches() && !ownEndpoint.test(uri)) {
            throw refused(url, "its host is neither S3's (s3.<region>.amazonaws.com, <bucket>.s3.<region>.amazonaws.com)"
                    + " nor this server's endpoint");
        }
        int slash = path.indexOf('/');
        if (slash < 0) {
            throw refused(url, "it names a bucket but no object");
        }
        return of(url, decode(url, path.substring(0, slash)), decode(url, path.substring(slash + 1)), versionId);
    }

    /** The one query an object URL may have, {@code versionId=<id>}: the version to read or presign. */
    private static Optional<String> versionOf(String url, String rawQuery) {
        if (rawQuery == null) {
            return Optional.empty();
        }
        if (!rawQuery.startsWith("versionId=") || rawQuery.indexOf('&') >= 0 || rawQuery.length() == 10) {
            throw refused(url, "the only query an S3 object URL may have is versionId=<id>");
        }
        return Optional.of(decode(url, rawQuery.substring(10)));
    }

    /** The placeholder form of the older guide, {@code <bucket>/<key>}, taken as written (it is not a URL). */
    static S3ObjectUrl parseBare(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw refused(text, "it is neither a URL nor <bucket>/<key>");
        }
        return of(text, text.substring(0, slash), text.substring(slash + 1), Optional.empty());
    }

    private static S3ObjectUrl of(String url, String bucket, String key, Optional<String> versionId) {
        if (key.isEmpty()) {
            throw refused(url, "it names a bucket but no object");
        }
        BucketName name;
        try {
            name = BucketName.of(bucket);
        } catch (FleetlineException e) {
            throw refused(url, "\"" + bucket + "\" is not a valid bucket name");
        }
        try {
            return new S3ObjectUrl(name, ObjectKey.of(key), versionId);
        } catch (FleetlineException e) {
            throw refused(url, "its key is not a valid object key: " + e.getMessage());
        }
    }

    /** Percent-decoding of a path, strictly: a bad escape or bytes that are not UTF-8 are refused. */
    private static String decode(String url, String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                int codePoint = raw.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint) - 1;
                continue;
            }
            int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
            if (high < 0 || low < 0) {
                throw refused(url, "it has a malformed percent escape");
            }
            bytes.write(high << 4 | low);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw refused(url, "its percent escapes are not UTF-8");
        }
    }

    private static FleetlineException refused(String url, String why) {
        return FleetlineException.invalid("\"" + url + "\" does not name an S3 object: " + why);
    }
}
