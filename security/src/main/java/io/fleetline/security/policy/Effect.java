package io.fleetline.security.policy;

/** What a matching statement does. */
enum Effect {
    ALLOW("Allow"),
    DENY("Deny");

    private final String policyName;

    Effect(String policyName) {
        this.policyName = policyName;
    }

    String policyName() {
        return policyName;
    }
}
