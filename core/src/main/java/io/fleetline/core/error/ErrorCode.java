package io.fleetline.core.error;

/**
 * Every error Fleetline reports, each carrying the AWS error type that clients match on.
 * Adapters map a code to their transport (HTTP status, MQTT rejected code) in one place.
 */
public enum ErrorCode {
    INVALID_REQUEST("InvalidRequestException"),
    RESOURCE_NOT_FOUND("ResourceNotFoundException"),
    RESOURCE_ALREADY_EXISTS("ResourceAlreadyExistsException"),
    VERSION_CONFLICT("VersionConflictException"),
    DELETE_CONFLICT("DeleteConflictException"),
    LIMIT_EXCEEDED("LimitExceededException"),
    UNAUTHORIZED("UnauthorizedException"),
    CERTIFICATE_STATE("CertificateStateException"),
    CERTIFICATE_VALIDATION("CertificateValidationException"),
    CERTIFICATE_CONFLICT("CertificateConflictException"),
    /** A certificate cannot be transferred while policies are attached to it. */
    TRANSFER_CONFLICT("TransferConflictException"),
    /** A certificate transfer was accepted, rejected or cancelled already. */
    TRANSFER_ALREADY_COMPLETED("TransferAlreadyCompletedException"),
    REGISTRATION_CODE_VALIDATION("RegistrationCodeValidationException"),
    MALFORMED_POLICY("MalformedPolicyException"),
    VERSIONS_LIMIT_EXCEEDED("VersionsLimitExceededException"),
    /** A job or job execution cannot move from its status to the one asked for. */
    INVALID_STATE_TRANSITION("InvalidStateTransitionException"),
    /** A job execution in a terminal status was asked for on the jobs data plane. */
    TERMINAL_STATE("TerminalStateException"),
    /** A resource with the same name already exists (job templates). */
    CONFLICT("ConflictException"),
    /** A fleet-indexing query string the syntax refuses (the message names the problem and its position). */
    INVALID_QUERY("InvalidQueryException"),
    /** A fleet-indexing aggregation over a field no query could name, or with arguments out of range. */
    INVALID_AGGREGATION("InvalidAggregationException"),
    /** The fleet index is being built (after indexing was turned on or its configuration changed). */
    INDEX_NOT_READY("IndexNotReadyException"),
    /** No route matches the request. */
    UNKNOWN_OPERATION("UnknownOperationException"),
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException"),
    INCOMPLETE_SIGNATURE("IncompleteSignatureException"),
    INVALID_SIGNATURE("InvalidSignatureException"),
    UNRECOGNIZED_CLIENT("UnrecognizedClientException"),
    /** A request body larger than any operation takes. */
    REQUEST_TOO_LARGE("RequestEntityTooLargeException"),
    /** A request body that did not arrive within the time allowed for it. */
    REQUEST_TIMEOUT("RequestTimeoutException"),
    /** The server cannot take the request now (its budget of buffered request bodies is spent); clients retry. */
    SERVICE_UNAVAILABLE("ServiceUnavailableException"),
    INTERNAL_FAILURE("InternalFailureException"),
    /** A document that is not UTF-8 (device shadows, HTTP 415). */
    UNSUPPORTED_DOCUMENT_ENCODING("UnsupportedDocumentEncodingException"),
    /** Too many requests at once on one resource (a shadow's in-flight updates, HTTP 429). */
    THROTTLING("ThrottlingException"),

    // ---- the object store: S3's own codes, which S3 clients match on (its adapter renders them as S3 XML errors)

    NO_SUCH_BUCKET("NoSuchBucket"),
    /** No such key, or its current version is a delete marker ({@code extra} then says {@code DeleteMarker=true}). */
    NO_SUCH_KEY("NoSuchKey"),
    NO_SUCH_VERSION("NoSuchVersion"),
    NO_SUCH_UPLOAD("NoSuchUpload"),
    /** A bucket that still holds versions or delete markers cannot be deleted. */
    BUCKET_NOT_EMPTY("BucketNotEmpty"),
    /** The caller's account has a bucket of that name already (outside us-east-1, where S3 answers success). */
    BUCKET_ALREADY_OWNED_BY_YOU("BucketAlreadyOwnedByYou"),
    /**
     * Another account holds a bucket of that name: S3's names are global. Only an external store answers it; the
     * embedded one keeps each account's buckets apart.
     */
    BUCKET_ALREADY_EXISTS("BucketAlreadyExists"),
    INVALID_BUCKET_NAME("InvalidBucketName"),
    /** A key longer than 1024 bytes of UTF-8. */
    KEY_TOO_LONG("KeyTooLongError"),
    /** A create-bucket location constraint other than the server's region. */
    ILLEGAL_LOCATION_CONSTRAINT("IllegalLocationConstraintException"),
    /** A range no byte of the object satisfies ({@code extra}: {@code RangeRequested}, {@code ActualObjectSize}). */
    INVALID_RANGE("InvalidRange"),
    /** An {@code If-Match} or {@code If-Unmodified-Since} condition (or its copy-source twin) failed. */
    PRECONDITION_FAILED("PreconditionFailed"),
    /** Not an error but S3's answer 304 to {@code If-None-Match}/{@code If-Modified-Since}: a status without a body. */
    NOT_MODIFIED("NotModified"),
    /** The body's MD5 or SHA-256 is not the one the request declared; nothing was stored. */
    BAD_DIGEST("BadDigest"),
    /** A declared digest that is not one (bad base64, wrong length). */
    INVALID_DIGEST("InvalidDigest"),
    /** The body ended before the declared length, or broke off. */
    INCOMPLETE_BODY("IncompleteBody"),
    /** A part other than the last is smaller than 5 MiB. */
    ENTITY_TOO_SMALL("EntityTooSmall"),
    ENTITY_TOO_LARGE("EntityTooLarge"),
    /** User metadata past 2 KB. */
    METADATA_TOO_LARGE("MetadataTooLarge"),
    /** A part to complete an upload with that was not uploaded, or whose ETag differs. */
    INVALID_PART("InvalidPart"),
    INVALID_PART_ORDER("InvalidPartOrder"),
    /** A request document S3 refuses as not valid against its schema (no parts to complete, over 1,000 keys). */
    MALFORMED_XML("MalformedXML"),
    INVALID_ARGUMENT("InvalidArgument"),
    /** S3's {@code InvalidRequest}: a request S3 refuses as a whole (copying an object onto itself unchanged). */
    S3_INVALID_REQUEST("InvalidRequest"),
    /** A version that is a delete marker was asked for by id. */
    METHOD_NOT_ALLOWED("MethodNotAllowed"),
    /** The object store cannot store bytes now (its disk is full or failing); nothing was stored, clients retry. */
    S3_SERVICE_UNAVAILABLE("ServiceUnavailable");

    private final String awsType;

    ErrorCode(String awsType) {
        this.awsType = awsType;
    }

    /** The AWS error shape name, e.g. {@code ResourceNotFoundException}. */
    public String awsType() {
        return awsType;
    }
}
