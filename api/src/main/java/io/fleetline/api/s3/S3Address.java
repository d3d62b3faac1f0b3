package io.fleetline.api.s3;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bucket and key a request addresses. Path-style ({@code /bucket/key}) unless the host names the bucket:
 * {@code bucket.s3[.region].amazonaws.com} as on AWS, or {@code bucket.<service host>} for the hosts this server is
 * reached by, as the SDKs address a custom endpoint when path-style is off ({@code forcePathStyle(false)}, the CLI's
 * {@code addressing_style = virtual}); an IP address is always path-style, as the SDKs send it.
 *
 * <p>The key is everything after the bucket's slash, percent-decoded once (a {@code +} stays a plus, {@code %2F} is a
 * slash of the key), with its empty segments and trailing slash: {@code dir/} and {@code a//b} are keys of their own.
 */
record S3Address(Optional<String> bucket, Optional<String> key) {
    private static final Pattern AWS_HOST = Pattern.compile(
            "(?:(?<bucket>.+)\\.)?s3(?:[.-](?:dualstack\\.)?[a-z0-9-]+)?\\.amazonaws\\.com(?:\\.cn)?");

    /** What a request's path is about: the service (no bucket), a bucket, or an object. */
    enum Scope { SERVICE, BUCKET, OBJECT }

    static S3Address of(Optional<String> hostHeader, String rawPath, Set<String> serviceHosts) {
        if (!rawPath.startsWith("/")) {
            throw invalidUri();
        }
        Optional<String> hostBucket = hostHeader.map(S3Address::hostName).flatMap(host -> bucketOf(host, serviceHosts));
        if (hostBucket.isPresent()) {
            String rest = rawPath.substring(1);
            return new S3Address(hostBucket, rest.isEmpty() ? Optional.empty() : Optional.of(decode(rest)));
        }
        String rest = rawPath.substring(1);
        if (rest.isEmpty()) {
            return new S3Address(Optional.empty(), Optional.empty());
        }
        int slash = rest.indexOf('/');
        String bucket = decode(slash < 0 ? rest : rest.substring(0, slash));
        if (bucket.isEmpty()) {
            throw invalidUri();
        }
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        return new S3Address(Optional.of(bucket), key.isEmpty() ? Optional.empty() : Optional.of(decode(key)));
    }

    Scope scope() {
        return key.isPresent() ? Scope.OBJECT : bucket.isPresent() ? Scope.BUCKET : Scope.SERVICE;
    }

    String resource() {
        return resource(bucket, key);
    }

    static String resource(Optional<String> bucket, Optional<String> key) {
        return "/" + bucket.map(b -> b + key.map(k -> "/" + k).orElse("")).orElse("");
    }

    /** The host without its port, lower-cased ({@code [::1]:8080} is {@code [::1]}). */
    private static String hostName(String header) {
        String host = header.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static Optional<String> bucketOf(String host, Set<String> serviceHosts) {
        Matcher aws = AWS_HOST.matcher(host);
        if (aws.matches()) {
            return Optional.ofNullable(aws.group("bucket"));
        }
        for (String serviceHost : serviceHosts) {
            if (host.length() > serviceHost.length() + 1 && host.endsWith("." + serviceHost)) {
                return Optional.of(host.substring(0, host.length() - serviceHost.length() - 1));
            }
        }
        return Optional.empty();
    }

    /** Percent-decoding of a path, strictly: a bad escape or bytes that are not UTF-8 are S3's {@code InvalidURI}. */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 3);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw invalidUri();
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw invalidUri();
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            } else {
                int codePoint = raw.codePointAt(i);
                bytes.put(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint) - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes.flip()).toString();
        } catch (CharacterCodingException e) {
            throw invalidUri();
        }
    }

    static S3Exception invalidUri() {
        return new S3Exception("InvalidURI", "Couldn't parse the specified URI.");
    }
}
