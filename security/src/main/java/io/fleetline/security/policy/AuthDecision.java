package io.fleetline.security.policy;

/** The outcome of an authorization check, named as TestAuthorization's {@code authDecision} names it. */
public enum AuthDecision {
    /** At least one policy allows the request and none denies it. */
    ALLOWED,
    /** At least one policy has a matching {@code Deny} statement; this overrides every allow. */
    EXPLICIT_DENY,
    /** No policy has a matching statement, so the request is denied by default. */
    IMPLICIT_DENY
}
