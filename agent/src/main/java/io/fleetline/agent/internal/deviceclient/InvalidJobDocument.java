package io.fleetline.agent.internal.deviceclient;

/** A job document this agent cannot take; the message says why, for the REJECTED report. */
final class InvalidJobDocument extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidJobDocument(String reason) {
        super(reason, null, false, false);
    }
}
