package io.fleetline.agent.internal.deviceclient;

/** A step the agent would not start (a handler with loose permissions, a user it cannot become); says why. */
final class StepRefused extends Exception {
    private static final long serialVersionUID = 1L;

    StepRefused(String reason) {
        super(reason, null, false, false);
    }
}
