package io.fleetline.api.auth;

import io.fleetline.api.binding.RawRequest;
import io.fleetline.core.auth.AccessKey;
import io.fleetline.core.auth.AccessKeyStore;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.api.auth.SignatureException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies AWS Signature Version 4 on a request, in header or presigned-URL form, against the keys in an
 * {@link AccessKeyStore}. The service comes from the request's own credential scope: the AWS CLI v2 signs the IoT
 * API as {@code execute-api}, newer clients as {@code iot}, and both are accepted (which services a route serves is
 * the dispatcher's to check); the region must be the server's.
 *
 * <p>Everything but the signature over the body is checked from the request's head, so a request without a usable
 * signature, or with an unknown key, is refused before its body is read. A request that declares its payload's hash
 * ({@code x-amz-content-sha256}, as S3 clients do) has its signature checked from the head too, and its body checked
 * against that hash once read.
 */
public final class SigV4Verifier implements Authenticator {
    /** How far a request's time may be from the server's, as AWS allows. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);
    /** A presigned URL lives at most seven days, as AWS allows. */
    public static final long MAX_PRESIGNED_SECONDS = 604_800;
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final AccessKeyStore keys;
    private final Clock clock;
    private final Optional<String> region;

    /** @param region the server's region: the only one a credential scope may name */
    public SigV4Verifier(AccessKeyStore keys, Clock clock, String region) {
        this(keys, clock, Optional.of(region));
    }

    private SigV4Verifier(AccessKeyStore keys, Clock clock, Optional<String> region) {
        this.keys = keys;
        this.clock = clock;
        this.region = region;
    }

    /**
     * The test-double mode: a request must carry a well-formed SigV4 signature (algorithm, credential scope, signed
     * headers, date), but any access key, any region and any signature value are accepted; the key id names the
     * caller and the region the account's region.
     */
    public static SigV4Verifier permissive(Clock clock) {
        return new SigV4Verifier(null, clock, Optional.empty());  // no key is looked up
    }

    /** Both steps of {@link #admit} at once, for a request whose body is in. */
    public Caller verify(RawRequest request) {
        return authenticate(request);
    }

    @Override
    public Admission admit(RawRequest head) {
        SignedRequest signed = parse(head);
        Instant signedAt = parseDate(signed.amzDate());
        Caller caller = new Caller(Optional.of(signed.accessKeyId()), Optional.of(signed.region()),
                Optional.of(signed.service()));
        if (region.isEmpty()) {
            // test suites often freeze or shift their clocks: only the signature's shape is checked here
            if (signed.accessKeyId().isEmpty() || signed.signature().isEmpty()) {
                throw refuse(Reason.MALFORMED, ErrorCode.INCOMPLETE_SIGNATURE,
                        "The signature must name an access key and a signature");
            }
            return Admission.of(caller);
        }
        if (!signed.amzDate().startsWith(signed.date())) {
            throw refuse(Reason.WRONG_DATE, ErrorCode.INVALID_SIGNATURE,
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                    + "version of date from HTTP: '" + signed.date() + "' != '" + signed.amzDate().substring(0, 8)
                    + "'");
        }
        if (!signed.region().equals(region.get())) {
            throw refuse(Reason.WRONG_REGION, ErrorCode.INVALID_SIGNATURE,
                    "Credential should be scoped to a valid region, not '"
                    + signed.region() + "'. ");
        }
        checkTime(signed, signedAt);
        if (!signed.signedHeaders().contains("host")) {
            throw refuse(Reason.MALFORMED, ErrorCode.INCOMPLETE_SIGNATURE, "The host header must be signed");
        }
        AccessKey key = keys.find(signed.accessKeyId()).orElseThrow(() -> unknownKey(signed.accessKeyId()));
        Optional<String> declared = head.header("x-amz-content-sha256");
        if (declared.isEmpty() && !(signed.presigned() && signed.service().equals("s3"))) {
            // the signature covers the body's hash, which only the whole body gives
            return Admission.of(caller, request -> checkSignature(request, signed, key,
                    SigV4.sha256Hex(request.body())));
        }
        // the hash the signature covers is in the head (a presigned S3 URL's is UNSIGNED-PAYLOAD): check the
        // signature now, the body against what the head declared as it is read
        String payloadHash = declared.orElse(PayloadForm.UNSIGNED_PAYLOAD);
        String signature = checkSignature(head, signed, key, payloadHash);
        return new DeclaredPayload(caller, payloadHash, new ChunkSignatures(
                SigV4.signingKey(key.secret(), signed.date(), signed.region(), signed.service()), signed.amzDate(),
                signed.date() + "/" + signed.region() + "/" + signed.service() + "/aws4_request", signature));
    }

    /** An admission whose head declared the payload's hash, and whose signature over the head is verified. */
    private record DeclaredPayload(Caller caller, String payloadHash, ChunkSignatures chain) implements Admission {
        @Override
        public void confirm(RawRequest request) {
            checkDeclaredHash(payloadHash, request.body());
        }

        @Override
        public PayloadStream stream(RawRequest head, InputStream wire) {
            return PayloadStream.open(head, wire, Optional.of(chain));
        }
    }

    /**
     * The service a request's credential scope names, read loosely from its head without checking anything, so that
     * requests can be told apart by service before they are authenticated (S3's go to a streaming route).
     */
    public static Optional<String> scopeService(RawRequest head) {
        String credential = head.header("authorization").map(SigV4Verifier::credentialOf).orElse(null);
        if (credential == null && head.hasQueryParameter("X-Amz-Credential")) {
            try {
                credential = head.queryParameters().get("X-Amz-Credential").get(0);
            } catch (RuntimeException undecodable) {
                return Optional.empty();
            }
        }
        String[] scope = credential == null ? new String[0] : credential.split("/");
        return scope.length == 5 ? Optional.of(scope[3]) : Optional.empty();
    }

    private static String credentialOf(String authorization) {
        int at = authorization.indexOf("Credential=");
        if (at < 0) {
            return null;
        }
        int end = at + "Credential=".length();
        while (end < authorization.length() && authorization.charAt(end) != ',' && authorization.charAt(end) != ' ') {
            end++;
        }
        return authorization.substring(at + "Credential=".length(), end);
    }

    /** True when the request carries any form of SigV4 signature at all. */
    public static boolean isSigned(RawRequest request) {
        return request.header("authorization").isPresent() || request.hasQueryParameter("X-Amz-Signature");
    }

    /** Checks the signature over the request's head and this payload hash; answers the signature. */
    private static String checkSignature(RawRequest request, SignedRequest signed, AccessKey key, String payloadHash) {
        String canonical = canonicalRequest(request, signed, payloadHash);
        String stringToSign = SigV4.stringToSign(signed.amzDate(), signed.date(), signed.region(), signed.service(),
                canonical);
        String expected = SigV4.signature(key.secret(), signed.date(), signed.region(), signed.service(), stringToSign);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signed.signature().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw new SignatureException(Reason.MISMATCH, ErrorCode.INVALID_SIGNATURE,
                    "The request signature we calculated does not match the signature "
                    + "you provided. Check your AWS Secret Access Key and signing method. Consult the service "
                    + "documentation for details.", Map.of("AWSAccessKeyId", signed.accessKeyId(),
                            "StringToSign", stringToSign, "SignatureProvided", signed.signature(),
                            "CanonicalRequest", canonical));
        }
        return expected;
    }

    /**
     * A buffered body against the hash its head declared: a digest of it, or unsigned. An aws-chunked body is decoded
     * and checked only where bodies are streamed.
     */
    private static void checkDeclaredHash(String declared, byte[] body) {
        PayloadForm form = PayloadForm.of(declared);
        if (form.chunked()) {
            throw refuse(Reason.PAYLOAD_HASH_INVALID, ErrorCode.INVALID_REQUEST, "aws-chunked bodies ("
                    + declared + ") are taken by the object store only");
        }
        if (form == PayloadForm.DIGEST && !PayloadForm.digestOf(declared).equals(SigV4.sha256Hex(body))) {
            throw refuse(Reason.PAYLOAD_HASH_MISMATCH, ErrorCode.INVALID_SIGNATURE, "The provided "
                    + "x-amz-content-sha256 header does not match what was computed.");
        }
    }

    /** The access keys, the clock and the region of this verifier, for S3's legacy query-string signatures. */
    AccessKeyStore keys() {
        return keys;
    }

    Clock clock() {
        return clock;
    }

    Optional<String> region() {
        return region;
    }

    static SignatureException unknownKey(String accessKeyId) {
        return new SignatureException(Reason.UNKNOWN_KEY, ErrorCode.UNRECOGNIZED_CLIENT,
                "The security token included in the request is invalid.", Map.of("AWSAccessKeyId", accessKeyId));
    }

    /** A time as S3's error documents show it ({@code Expires}, {@code ServerTime}): ISO 8601 to the second. */
    static String isoSeconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static SignedRequest parse(RawRequest request) {
        Optional<String> authorization = request.header("authorization");
        if (authorization.isPresent()) {
            Optional<String> date = request.header("x-amz-date");
            return SignedRequest.fromHeader(authorization.get(), date);
        }
        if (request.hasQueryParameter("X-Amz-Signature")) {
            return SignedRequest.fromQuery(request.queryParameters());
        }
        throw refuse(Reason.MISSING, ErrorCode.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
    }

    private void checkTime(SignedRequest signed, Instant signedAt) {
        Instant now = clock.instant();
        Map<String, String> skew = Map.of("RequestTime", signed.amzDate(), "ServerTime", isoSeconds(now),
                "MaxAllowedSkewMilliseconds", Long.toString(MAX_SKEW.toMillis()));
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw new SignatureException(Reason.NOT_YET_VALID, ErrorCode.INVALID_SIGNATURE,
                    "Signature not yet current: " + signed.amzDate()
                    + " is still later than " + AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now)
                    + " + 15 min.)", signed.presigned() ? Map.of("ServerTime", isoSeconds(now)) : skew);
        }
        if (signed.presigned()) {
            long expires = signed.expiresSeconds().orElse(900L);
            if (expires < 1 || expires > MAX_PRESIGNED_SECONDS) {
                throw refuse(Reason.MALFORMED, ErrorCode.INCOMPLETE_SIGNATURE,
                        "X-Amz-Expires must be from 1 to " + MAX_PRESIGNED_SECONDS
                        + " seconds (7 days)");
            }
            if (now.isAfter(signedAt.plusSeconds(expires))) {
                throw new SignatureException(Reason.EXPIRED, ErrorCode.INVALID_SIGNATURE,
                        "Signature expired: the presigned URL is valid from "
                        + signed.amzDate() + " for " + expires + " seconds; it is now " + AMZ_DATE.format(now),
                        Map.of("X-Amz-Expires", Long.toString(expires),
                                "Expires", isoSeconds(signedAt.plusSeconds(expires)), "ServerTime", isoSeconds(now)));
            }
        } else if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw new SignatureException(Reason.EXPIRED, ErrorCode.INVALID_SIGNATURE,
                    "Signature expired: " + signed.amzDate() + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)", skew);
        }
    }

    static String canonicalRequest(RawRequest request, SignedRequest signed, String payloadHash) {
        StringBuilder canonical = new StringBuilder();
        canonical.append(request.method()).append('\n');
        canonical.append(canonicalUri(request.rawPath(), signed.service())).append('\n');
        canonical.append(canonicalQuery(request, signed.presigned())).append('\n');
        for (String name : signed.signedHeaders()) {
            canonical.append(name).append(':').append(headerValue(request, name)).append('\n');
        }
        canonical.append('\n').append(String.join(";", signed.signedHeaders())).append('\n');
        canonical.append(payloadHash);
        return canonical.toString();
    }

    /**
     * The path as sent, encoded once more: SigV4 for services other than S3 double-encodes. S3 encodes once: its
     * canonical path is the decoded path encoded as SigV4 encodes, whichever escapes the client chose.
     */
    private static String canonicalUri(String rawPath, String service) {
        if (rawPath.isEmpty()) {
            return "/";
        }
        return SigV4.uriEncode(service.equals("s3") ? percentDecode(rawPath) : rawPath, true);
    }

    /** {@code %XY} escapes decoded as UTF-8; a plus stays a plus in a path. */
    private static String percentDecode(String rawPath) {
        if (rawPath.indexOf('%') < 0) {
            return rawPath;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            int high = c == '%' && i + 2 < rawPath.length() ? Character.digit(rawPath.charAt(i + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(rawPath.charAt(i + 2), 16);
            if (c == '%' && low < 0) {
                throw refuse(Reason.MALFORMED, ErrorCode.INCOMPLETE_SIGNATURE, "The path has an invalid "
                        + "percent-encoding");
            }
            if (c == '%') {
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Parameters sorted by encoded name, then value; a presigned URL's own signature is left out. */
    private static String canonicalQuery(RawRequest request, boolean presigned) {
        List<String[]> pairs = new ArrayList<>();
        for (RawRequest.QueryParameter p : request.queryPairs()) {
            if (!(presigned && p.name().equals("X-Amz-Signature"))) {
                pairs.add(new String[] {SigV4.uriEncode(p.name(), false), SigV4.uriEncode(p.value(), false)});
            }
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder out = new StringBuilder();
        for (String[] pair : pairs) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(pair[0]).append('=').append(pair[1]);
        }
        return out.toString();
    }

    private static String headerValue(RawRequest request, String name) {
        List<String> values = request.headers().get(name);
        if (values == null) {
            throw refuse(Reason.MISMATCH, ErrorCode.INVALID_SIGNATURE,
                    "The request signs header '" + name + "' but does not send it");
        }
        List<String> trimmed = values.stream().map(v -> v.trim().replaceAll(" +", " ")).toList();
        return String.join(",", trimmed);
    }

    private static Instant parseDate(String amzDate) {
        try {
            return Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw refuse(Reason.MALFORMED, ErrorCode.INCOMPLETE_SIGNATURE,
                    "X-Amz-Date must be in the ISO-8601 basic format "
                    + "yyyyMMdd'T'HHmmss'Z': " + amzDate);
        }
    }

    private static SignatureException refuse(Reason reason, ErrorCode code, String message) {
        return new SignatureException(reason, code, message);
    }
}
