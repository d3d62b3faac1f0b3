package io.fleetline.ota.update;

import io.fleetline.core.error.FleetlineException;

/**
 * Why creating or deleting an OTA update failed, as GetOTAUpdate shows it: {@code code} is the AWS error type of the
 * failure ({@code ResourceNotFoundException}, {@code InvalidRequestException}, ...), {@code message} says exactly what
 * was wrong.
 */
public record ErrorInfo(String code, String message) {
    public static ErrorInfo notFound(String message) {
        return new ErrorInfo("ResourceNotFoundException", message);
    }

    public static ErrorInfo invalid(String message) {
        return new ErrorInfo("InvalidRequestException", message);
    }

    /** A refusal of another service (jobs, streams, signing, the store), kept with its own type and words. */
    public static ErrorInfo of(FleetlineException e) {
        return new ErrorInfo(e.code().awsType(), e.getMessage());
    }
}
