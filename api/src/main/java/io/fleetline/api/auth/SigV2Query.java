package io.fleetline.api.auth;

import io.fleetline.api.binding.RawRequest;
import io.fleetline.core.auth.AccessKey;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.api.auth.SignatureException.Reason;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * S3's legacy query-string authentication (Signature Version 2: {@code AWSAccessKeyId}, {@code Expires},
 * {@code Signature}), which the AWS CLI v1 still makes for {@code aws s3 presign} (docs/s3-wire.md). It is read for
 * GET and HEAD only — downloads — and, unlike S3, for at most seven days ahead, as SigV4 presigned URLs are: a URL
 * that never expires is a credential of its own.
 *
 * <p>The string signed is S3's: method, {@code Content-MD5}, {@code Content-Type}, the expiry, the request's
 * {@code x-amz-*} headers, and the resource — the path as sent (path-style: {@code /bucket/key}, escapes as the client
 * chose them) with the sub-resources S3 signs, sorted, their values decoded. The signature is the base64 HMAC-SHA1 of
 * it under the secret key.
 */
final class SigV2Query {
    /** The query parameters S3 counts as part of the resource signed (botocore's and S3's list). */
    private static final Set<String> SUB_RESOURCES = Set.of("accelerate", "acl", "cors", "defaultObjectAcl",
            "delete", "lifecycle", "location", "logging", "notification", "partNumber", "policy", "requestPayment",
            "restore", "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning", "versions", "website",
            "response-cache-control", "response-content-disposition", "response-content-encoding",
            "response-content-language", "response-content-type", "response-expires", "object-lock", "retention",
            "legal-hold", "replication", "encryption", "inventory", "metrics", "analytics", "ownershipControls",
            "publicAccessBlock", "intelligent-tiering", "attributes");

    private SigV2Query() {
    }

    /** True when the request is signed this way: the three parameters, and no SigV4 signature of either form. */
    static boolean isSigned(RawRequest head) {
        return head.hasQueryParameter("AWSAccessKeyId") && head.hasQueryParameter("Signature")
                && head.hasQueryParameter("Expires") && head.header("authorization").isEmpty()
                && !head.hasQueryParameter("X-Amz-Signature");
    }

    /**
     * Admits a request signed this way, checked from its head alone (its body is not signed: GET and HEAD have none).
     *
     * @param verifier whose keys, clock and region apply; permissive (no keys) checks the parameters' shape only
     */
    static Admission admit(RawRequest head, SigV4Verifier verifier) {
        Map<String, List<String>> query;
        try {
            query = head.queryParameters();
        } catch (RuntimeException badEscape) {
            throw malformed("The query string has an invalid percent-encoding");
        }
        String keyId = first(query, "AWSAccessKeyId");
        String provided = first(query, "Signature").replace(' ', '+');  // a base64 plus sent unescaped reads as space
        String expiresText = first(query, "Expires");
        if (keyId.isEmpty() || provided.isEmpty()) {
            throw malformed("Query-string authentication requires the AWSAccessKeyId, Expires and Signature parameters");
        }
        if (!head.method().equals("GET") && !head.method().equals("HEAD")) {
            throw malformed("Query-string authentication version 2 is accepted for GET and HEAD requests only; "
                    + "sign with Signature Version 4 (X-Amz-Algorithm=AWS4-HMAC-SHA256)");
        }
        long expires;
        try {
            expires = Long.parseLong(expiresText);
        } catch (NumberFormatException e) {
            throw malformed("Expires must be a number of seconds since the epoch: " + expiresText);
        }
        Caller caller = new Caller(Optional.of(keyId), verifier.region(), Optional.of("s3"));
        if (verifier.keys() == null) {
            return admission(caller);  // the permissive test double: the shape was all there was to check
        }
        Instant now = verifier.clock().instant();
        Instant expiry = Instant.ofEpochSecond(expires);
        if (now.isAfter(expiry)) {
            throw new SignatureException(Reason.EXPIRED, ErrorCode.INVALID_SIGNATURE, "Request has expired",
                    Map.of("Expires", SigV4Verifier.isoSeconds(expiry), "ServerTime", SigV4Verifier.isoSeconds(now)));
        }
        if (expiry.isAfter(now.plusSeconds(SigV4Verifier.MAX_PRESIGNED_SECONDS))) {
            throw malformed("Expires must be at most " + SigV4Verifier.MAX_PRESIGNED_SECONDS
                    + " seconds (7 days) from now");
        }
        AccessKey key = verifier.keys().find(keyId).orElseThrow(() -> SigV4Verifier.unknownKey(keyId));
        String stringToSign = stringToSign(head, query, expiresText);
        String expected = signature(key.secret(), stringToSign);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                provided.getBytes(StandardCharsets.US_ASCII))) {
            throw new SignatureException(Reason.MISMATCH, ErrorCode.INVALID_SIGNATURE,
                    "The request signature we calculated does not match the signature you provided. Check your key "
                    + "and signing method.", Map.of("AWSAccessKeyId", keyId, "StringToSign", stringToSign,
                            "SignatureProvided", provided));
        }
        return admission(caller);
    }

    /** S3's string to sign for a query-signed request. */
    static String stringToSign(RawRequest head, Map<String, List<String>> query, String expires) {
        StringBuilder text = new StringBuilder();
        text.append(head.method()).append('\n');
        text.append(head.header("content-md5").orElse("")).append('\n');
        text.append(head.header("content-type").orElse("")).append('\n');
        text.append(expires).append('\n');
        TreeMap<String, String> amz = new TreeMap<>();
        head.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-amz-")) {
                amz.put(lower, String.join(",", values.stream().map(String::trim).toList()));
            }
        });
        amz.forEach((name, value) -> text.append(name).append(':').append(value).append('\n'));
        text.append(head.rawPath().isEmpty() ? "/" : head.rawPath());
        List<String> subResources = new ArrayList<>();
        new TreeMap<>(query).forEach((name, values) -> {
            if (SUB_RESOURCES.contains(name)) {
                String value = values.isEmpty() ? "" : values.get(0);
                subResources.add(value.isEmpty() ? name : name + "=" + value);
            }
        });
        if (!subResources.isEmpty()) {
            text.append('?').append(String.join("&", subResources));
        }
        return text.toString();
    }

    /** The base64 HMAC-SHA1 of {@code stringToSign} under {@code secret}. */
    static String signature(String secret, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing from this JVM", e);
        }
    }

    /** The body of a GET or HEAD is not signed: it is read as sent, and the head said all there was to check. */
    private static Admission admission(Caller caller) {
        return new Admission() {
            @Override
            public Caller caller() {
                return caller;
            }

            @Override
            public void confirm(RawRequest request) {
                // nothing of the body is signed
            }

            @Override
            public PayloadStream stream(RawRequest head, InputStream wire) {
                return PayloadStream.unverified(head, wire);
            }
        };
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    private static SignatureException malformed(String message) {
        return new SignatureException(Reason.MALFORMED, ErrorCode.INCOMPLETE_SIGNATURE, message);
    }
}
