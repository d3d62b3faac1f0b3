package io.fleetline.api.auth;

import io.fleetline.api.binding.RawRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signature Version 4: hashing, the key derivation chain, URI encoding, and signing a request. */
public final class SigV4 {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final HexFormat HEX = HexFormat.of();

    private SigV4() {
    }

    public static String sha256Hex(byte[] data) {
        return HEX.formatHex(sha256().digest(data));
    }

    /** The string a signature is made over: algorithm, time, credential scope and the canonical request's hash. */
    static String stringToSign(String amzDate, String date, String region, String service, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + date + "/" + region + "/" + service + "/aws4_request\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Signs a request in the header form, as AWS clients do, for Fleetline's own client ({@code fleetline reset}):
     * the {@code Authorization} value for a request carrying {@code host} and {@code x-amz-date} headers, both signed.
     * The canonical form is the verifier's, so what this signs the server accepts.
     */
    public static String authorization(RawRequest request, String keyId, String secret, String region,
                                       String service) {
        String amzDate = request.header("x-amz-date")
                .orElseThrow(() -> new IllegalArgumentException("the request has no x-amz-date header"));
        String date = amzDate.substring(0, 8);
        List<String> signedHeaders = List.of("host", "x-amz-date");
        SignedRequest shape = new SignedRequest(keyId, date, region, service, signedHeaders, "", amzDate,
                Optional.empty(), false);
        String canonical = SigV4Verifier.canonicalRequest(request, shape, sha256Hex(request.body()));
        String signature = signature(secret, date, region, service,
                stringToSign(amzDate, date, region, service, canonical));
        return ALGORITHM + " Credential=" + keyId + "/" + date + "/" + region + "/" + service + "/aws4_request, "
                + "SignedHeaders=" + String.join(";", signedHeaders) + ", Signature=" + signature;
    }

    /**
     * The query string of a presigned URL (SigV4 in the query, {@code UNSIGNED-PAYLOAD}, only {@code host} signed) for
     * a request of {@code method} to {@code rawPath} on {@code host} (as the client will send it in {@code Host}: the
     * port only when it is not the scheme's default), valid from {@code at} for {@code expiresSeconds}; the
     * {@code X-Amz-*} parameters with {@code X-Amz-Signature} last. The canonical form is the verifier's, so what this
     * signs the server accepts.
     */
    public static String presignedQuery(String method, String rawPath, String host, String keyId, String secret,
                                        String region, String service, Instant at, long expiresSeconds) {
        return presignedQuery(method, rawPath, "", host, keyId, secret, region, service, at, expiresSeconds);
    }

    /** As above, with the request's own parameters ({@code extraQuery}, encoded, may be empty) signed too. */
    public static String presignedQuery(String method, String rawPath, String extraQuery, String host, String keyId,
                                        String secret, String region, String service, Instant at,
                                        long expiresSeconds) {
        String amzDate = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(at);
        String date = amzDate.substring(0, 8);
        String query = "X-Amz-Algorithm=" + ALGORITHM
                + "&X-Amz-Credential=" + uriEncode(keyId + "/" + date + "/" + region + "/" + service
                        + "/aws4_request", false)
                + "&X-Amz-Date=" + amzDate
                + "&X-Amz-Expires=" + expiresSeconds
                + "&X-Amz-SignedHeaders=host"
                + (extraQuery.isEmpty() ? "" : "&" + extraQuery);
        RawRequest request = new RawRequest(method, rawPath, query, Map.of("host", List.of(host)), new byte[0]);
        SignedRequest shape = new SignedRequest(keyId, date, region, service, List.of("host"), "", amzDate,
                Optional.of(expiresSeconds), true);
        String canonical = SigV4Verifier.canonicalRequest(request, shape, PayloadForm.UNSIGNED_PAYLOAD);
        String signature = signature(secret, date, region, service,
                stringToSign(amzDate, date, region, service, canonical));
        return query + "&X-Amz-Signature=" + signature;
    }

    public static String signature(String secret, String date, String region, String service, String stringToSign) {
        return signature(signingKey(secret, date, region, service), stringToSign);
    }

    /** The key a day's signatures for one region and service are made with, derived from the secret. */
    static byte[] signingKey(String secret, String date, String region, String service) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    static String signature(byte[] signingKey, String stringToSign) {
        return HEX.formatHex(hmac(signingKey, stringToSign));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /**
     * Percent-encodes every byte except the unreserved characters {@code A-Z a-z 0-9 - _ . ~} (and {@code /}
     * when {@code keepSlash}), with upper-case hex, as SigV4's canonical form requires.
     */
    public static String uriEncode(String text, boolean keepSlash) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/');
            if (unreserved) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
