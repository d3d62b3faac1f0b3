package io.fleetline.api.http;

import io.fleetline.api.model.Operation;
import io.fleetline.api.model.Shape;
import io.fleetline.core.error.ErrorCode;
import java.util.Optional;

/** The HTTP status of an error: the operation's model says it where it has the error shape, else this table. */
final class ErrorStatus {
    private ErrorStatus() {
    }

    /** @param type the error type the service answers the code with ({@code ServiceModel.errorType}) */
    static int of(ErrorCode code, String type, Optional<Operation> operation) {
        if (operation.isPresent() && operation.get().errors().contains(type)) {
            Shape shape = operation.get().service().shape(type);
            return shape.errorStatus();
        }
        return switch (code) {
            case INVALID_REQUEST, INCOMPLETE_SIGNATURE, CERTIFICATE_VALIDATION, REGISTRATION_CODE_VALIDATION,
                 MALFORMED_POLICY, INVALID_QUERY, INVALID_AGGREGATION, INDEX_NOT_READY -> 400;
            case UNAUTHORIZED -> 401;
            case MISSING_AUTHENTICATION_TOKEN, INVALID_SIGNATURE, UNRECOGNIZED_CLIENT -> 403;
            case RESOURCE_NOT_FOUND, UNKNOWN_OPERATION -> 404;
            case RESOURCE_ALREADY_EXISTS, VERSION_CONFLICT, DELETE_CONFLICT, CERTIFICATE_CONFLICT,
                 TRANSFER_CONFLICT, VERSIONS_LIMIT_EXCEEDED, INVALID_STATE_TRANSITION, CONFLICT -> 409;
            case TERMINAL_STATE, TRANSFER_ALREADY_COMPLETED -> 410;
            case CERTIFICATE_STATE -> 406;
            case REQUEST_TIMEOUT -> 408;
            case REQUEST_TOO_LARGE -> 413;
            case SERVICE_UNAVAILABLE -> 503;
            case LIMIT_EXCEEDED -> 410;
            case INTERNAL_FAILURE -> 500;
            case UNSUPPORTED_DOCUMENT_ENCODING -> 415;
            case THROTTLING -> 429;
            // S3's statuses for its own codes
            case INVALID_BUCKET_NAME, KEY_TOO_LONG, ILLEGAL_LOCATION_CONSTRAINT, BAD_DIGEST, INVALID_DIGEST,
                 INCOMPLETE_BODY, ENTITY_TOO_SMALL, ENTITY_TOO_LARGE, METADATA_TOO_LARGE, INVALID_PART,
                 INVALID_PART_ORDER, MALFORMED_XML, INVALID_ARGUMENT, S3_INVALID_REQUEST -> 400;
            case NO_SUCH_BUCKET, NO_SUCH_KEY, NO_SUCH_VERSION, NO_SUCH_UPLOAD -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case BUCKET_NOT_EMPTY, BUCKET_ALREADY_OWNED_BY_YOU, BUCKET_ALREADY_EXISTS -> 409;
            case PRECONDITION_FAILED -> 412;
            case INVALID_RANGE -> 416;
            case NOT_MODIFIED -> 304;
            case S3_SERVICE_UNAVAILABLE -> 503;
        };
    }
}
