package io.fleetline.api.s3;

import java.util.Map;

/**
 * An S3 error: its code as S3 names it ({@code NoSuchKey}, {@code MalformedXML}), a message fit to show, the extra
 * elements S3 puts in its error document where clients read them ({@code BucketName}, {@code Key}, {@code VersionId},
 * {@code Method}), and headers it answers with ({@code Content-Range} of an {@code InvalidRange}). The status follows
 * from the code.
 *
 * <p>It stands beside {@link io.fleetline.core.error.FleetlineException} until core's {@code ErrorCode} names S3's
 * codes: a {@code FleetlineException} whose code's AWS type is an S3 code is answered exactly as this would be, so
 * handlers may throw either.
 */
public final class S3Exception extends RuntimeException {
    private final String code;
    private final transient Map<String, String> elements;
    private final transient Map<String, String> headers;

    public S3Exception(String code, String message) {
        this(code, message, Map.of(), Map.of());
    }

    public S3Exception(String code, String message, Map<String, String> elements) {
        this(code, message, elements, Map.of());
    }

    /**
     * @throws IllegalArgumentException for a code S3 does not have: the status it answers with would be a guess
     */
    public S3Exception(String code, String message, Map<String, String> elements, Map<String, String> headers) {
        super(message);
        if (S3ErrorCodes.status(code).isEmpty()) {
            throw new IllegalArgumentException("not an S3 error code: " + code);
        }
        this.code = code;
        this.elements = Map.copyOf(elements);
        this.headers = Map.copyOf(headers);
    }

    /** The XML a request carried is not what the operation takes (not XML, a DTD, too deep, a bad value). */
    public static S3Exception malformedXml() {
        return new S3Exception("MalformedXML",
                "The XML you provided was not well-formed or did not validate against our published schema");
    }

    /** A parameter, header or query value the operation cannot take. */
    public static S3Exception invalidArgument(String message) {
        return new S3Exception("InvalidArgument", message);
    }

    public String code() {
        return code;
    }

    /** The HTTP status S3 answers this code with. */
    public int status() {
        return S3ErrorCodes.status(code).orElseThrow();
    }

    /** Extra elements of the error document, after {@code Message}, in no particular order. */
    public Map<String, String> elements() {
        return elements;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
