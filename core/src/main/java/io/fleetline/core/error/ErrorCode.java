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
    INTERNAL_FAILURE("InternalFailureException");

    private final String awsType;

    ErrorCode(String awsType) {
        this.awsType = awsType;
    }

    /** The AWS error shape name, e.g. {@code ResourceNotFoundException}. */
    public String awsType() {
        return awsType;
    }
}
