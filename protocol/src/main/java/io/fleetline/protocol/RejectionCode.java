package io.fleetline.protocol;

import io.fleetline.core.error.ErrorCode;
import java.util.Optional;

/**
 * The codes a device request is rejected with on a {@code /rejected} topic, as AWS's device protocols name them: the
 * jobs API's and the MQTT file streams' in one set. {@link #of(ErrorCode)} maps every error the services raise to
 * one of them, exhaustively, so that a new {@link ErrorCode} cannot fall through to {@code InternalError} unseen.
 */
public enum RejectionCode {
    /** The topic is not one of the protocol's. */
    INVALID_TOPIC("InvalidTopic"),
    /** The payload is not the JSON object the request must be. */
    INVALID_JSON("InvalidJson"),
    /** The payload is not the CBOR map the request must be (streams). */
    INVALID_CBOR("InvalidCbor"),
    /** A member is missing, of the wrong type or out of its range. */
    INVALID_REQUEST("InvalidRequest"),
    /** The device may not do this (streams). */
    UNAUTHORIZED("Unauthorized"),
    /** The job execution cannot move from its status to the one asked for (jobs). */
    INVALID_STATE_TRANSITION("InvalidStateTransition"),
    /** No such job, execution, stream or file. */
    RESOURCE_NOT_FOUND("ResourceNotFound"),
    /** The version the request names is not the current one. */
    VERSION_MISMATCH("VersionMismatch"),
    /** The execution ended (jobs). */
    TERMINAL_STATE_REACHED("TerminalStateReached"),
    /** Too many requests (jobs). */
    REQUEST_THROTTLED("RequestThrottled"),
    /** A block size outside 256–131,072 bytes (streams). */
    BLOCK_SIZE_OUT_OF_BOUNDS("BlockSizeOutOfBounds"),
    /** An offset past the file's last block (streams). */
    OFFSET_OUT_OF_BOUNDS("OffsetOutOfBounds"),
    /** More blocks asked for than one request may return (streams). */
    BLOCK_COUNT_LIMIT_EXCEEDED("BlockCountLimitExceeded"),
    /**
     * A bitmap over 12,288 bytes (streams). One that runs past the file's last block is not refused: AWS's agents send
     * fixed-size bitmaps whatever the file's length.
     */
    BLOCK_BITMAP_LIMIT_EXCEEDED("BlockBitmapLimitExceeded"),
    /** The file changed since the ETag the request names (streams). */
    ETAG_MISMATCH("ETagMismatch"),
    INTERNAL_ERROR("InternalError");

    private final String wire;

    RejectionCode(String wire) {
        this.wire = wire;
    }

    /** The code as it is on the wire. */
    public String wire() {
        return wire;
    }

    /** The code a rejection names on the wire; empty for a code this protocol does not have. */
    public static Optional<RejectionCode> ofWire(String wire) {
        for (RejectionCode code : values()) {
            if (code.wire.equals(wire)) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }

    /** The rejection code of an error a service raised while serving a device request. */
    public static RejectionCode of(ErrorCode code) {
        return switch (code) {
            case INVALID_REQUEST, LIMIT_EXCEEDED, MALFORMED_POLICY, INVALID_ARGUMENT, S3_INVALID_REQUEST,
                 KEY_TOO_LONG, INVALID_BUCKET_NAME, INVALID_RANGE, INVALID_DIGEST, METADATA_TOO_LARGE,
                 ENTITY_TOO_SMALL, ENTITY_TOO_LARGE, INVALID_PART, INVALID_PART_ORDER, MALFORMED_XML,
                 ILLEGAL_LOCATION_CONSTRAINT, REQUEST_TOO_LARGE, UNSUPPORTED_DOCUMENT_ENCODING, INVALID_QUERY,
                 INVALID_AGGREGATION -> INVALID_REQUEST;
            case RESOURCE_NOT_FOUND, NO_SUCH_BUCKET, NO_SUCH_KEY, NO_SUCH_VERSION, NO_SUCH_UPLOAD,
                 UNKNOWN_OPERATION -> RESOURCE_NOT_FOUND;
            case INVALID_STATE_TRANSITION, CERTIFICATE_STATE, METHOD_NOT_ALLOWED -> INVALID_STATE_TRANSITION;
            case VERSION_CONFLICT, VERSIONS_LIMIT_EXCEEDED -> VERSION_MISMATCH;
            case PRECONDITION_FAILED, NOT_MODIFIED, BAD_DIGEST -> ETAG_MISMATCH;
            case TERMINAL_STATE -> TERMINAL_STATE_REACHED;
            case UNAUTHORIZED, MISSING_AUTHENTICATION_TOKEN, INCOMPLETE_SIGNATURE, INVALID_SIGNATURE,
                 UNRECOGNIZED_CLIENT -> UNAUTHORIZED;
            case SERVICE_UNAVAILABLE, S3_SERVICE_UNAVAILABLE, THROTTLING, INDEX_NOT_READY -> REQUEST_THROTTLED;
            case RESOURCE_ALREADY_EXISTS, DELETE_CONFLICT, CERTIFICATE_VALIDATION, CERTIFICATE_CONFLICT,
                 TRANSFER_CONFLICT, TRANSFER_ALREADY_COMPLETED, REGISTRATION_CODE_VALIDATION, CONFLICT,
                 BUCKET_NOT_EMPTY, BUCKET_ALREADY_OWNED_BY_YOU, BUCKET_ALREADY_EXISTS, INCOMPLETE_BODY,
                 REQUEST_TIMEOUT, INTERNAL_FAILURE -> INTERNAL_ERROR;
        };
    }
}
