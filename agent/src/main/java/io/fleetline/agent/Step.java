package io.fleetline.agent;

/**
 * The steps of a firmware update, as the agent reports them in the execution's {@code statusDetails}
 * ({@code "step": "downloading"}): each while the execution is IN_PROGRESS, {@link #CONFIRMED} with SUCCEEDED and
 * {@link #ROLLED_BACK} (with a {@code reason}) with FAILED.
 */
public enum Step {
    DOWNLOADING("downloading"),
    VERIFYING("verifying"),
    APPLYING("applying"),
    REBOOTING("rebooting"),
    SELF_TEST("self-test"),
    CONFIRMED("confirmed"),
    ROLLED_BACK("rolled-back");

    private final String wire;

    Step(String wire) {
        this.wire = wire;
    }

    /** The value of {@code statusDetails.step}. */
    public String wire() {
        return wire;
    }
}
