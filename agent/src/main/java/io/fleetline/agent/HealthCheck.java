package io.fleetline.agent;

/**
 * What the agent asks after booting a new image on trial, before it confirms it. A device's software answers whether
 * it works (its services started, it reaches what it needs); a failed check rolls back.
 */
@FunctionalInterface
public interface HealthCheck {
    /** The result of a check. */
    record Result(boolean passed, String reason) {
        public static Result pass() {
            return new Result(true, "");
        }

        public static Result fail(String reason) {
            return new Result(false, reason);
        }
    }

    /** Checks the running image, which is {@code version}. */
    Result check(String version);

    /** A check that passes: the image booted, and that is all this device can tell. */
    static HealthCheck booted() {
        return version -> Result.pass();
    }
}
