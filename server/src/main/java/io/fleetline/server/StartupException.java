package io.fleetline.server;

/** The server cannot start; the message is the one line the operator is shown. */
public class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
