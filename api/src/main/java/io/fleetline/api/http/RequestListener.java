package io.fleetline.api.http;

/**
 * Hears of every request the {@link ApiDispatcher} answered: which operation, with which status, after how long. The
 * server binds it to its metrics; the API module knows no metrics library.
 *
 * <p>It runs on the request's thread after the response was made: it must be quick and must not throw. Its values
 * come from the service models and the HTTP status, never from the request's path or body, so a listener that counts
 * by them keeps a bounded number of series.
 */
@FunctionalInterface
public interface RequestListener {
    /** The service and operation of a request that matched no operation. */
    String NONE_MATCHED = "none";
    /** The service and operation of Fleetline's own operator actions ({@code POST /_fleetline/reset}). */
    String ADMIN_SERVICE = "fleetline";
    String ADMIN_OPERATION = "AdminAction";

    /** Hears nothing. */
    RequestListener NONE = (service, operation, status, nanos) -> { };

    /**
     * @param service   the model's name ({@code iot}, {@code iot-jobs-data}, {@code acm}...), or {@link #NONE_MATCHED}
     * @param operation the operation's name ({@code CreateThing}), or {@link #NONE_MATCHED} when the request was
     *                  refused before one was known (a bad signature, an unknown route)
     * @param status    the HTTP status answered
     * @param nanos     from the head's arrival at the dispatcher to the response made
     */
    void served(String service, String operation, int status, long nanos);
}
