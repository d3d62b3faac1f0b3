package io.fleetline.security.policy;

import java.util.List;

/**
 * The answer to "may this principal do this action on this resource", carrying what TestAuthorization reports
 * (developer guide L32955-L32977): the deciding policies and the context values the policies needed but the
 * request did not supply.
 */
public sealed interface Decision permits Decision.Allowed, Decision.ExplicitDeny, Decision.ImplicitDeny {

    /** The outcome as TestAuthorization names it. */
    AuthDecision authDecision();

    /**
     * The policies that decided: those that allowed, those that denied or, for an implicit deny, every policy
     * evaluated (none had a matching statement). In the order the policies were given.
     */
    List<String> policyNames();

    /** Variables and condition keys that statements for this action needed and could not resolve. */
    List<String> missingContextValues();

    /** Whether the request may proceed. */
    default boolean isAllowed() {
        return authDecision() == AuthDecision.ALLOWED;
    }

    /** At least one policy allowed the request and none denied it. */
    record Allowed(List<String> policyNames, List<String> missingContextValues) implements Decision {
        public Allowed {
            policyNames = List.copyOf(policyNames);
            missingContextValues = List.copyOf(missingContextValues);
        }

        @Override
        public AuthDecision authDecision() {
            return AuthDecision.ALLOWED;
        }
    }

    /** A {@code Deny} statement matched; {@link #policyNames()} are the policies that denied. */
    record ExplicitDeny(List<String> policyNames, List<String> missingContextValues) implements Decision {
        public ExplicitDeny {
            policyNames = List.copyOf(policyNames);
            missingContextValues = List.copyOf(missingContextValues);
        }

        @Override
        public AuthDecision authDecision() {
            return AuthDecision.EXPLICIT_DENY;
        }
    }

    /** Nothing matched; {@link #policyNames()} are the policies that had no matching statement. */
    record ImplicitDeny(List<String> policyNames, List<String> missingContextValues) implements Decision {
        public ImplicitDeny {
            policyNames = List.copyOf(policyNames);
            missingContextValues = List.copyOf(missingContextValues);
        }

        @Override
        public AuthDecision authDecision() {
            return AuthDecision.IMPLICIT_DENY;
        }
    }
}
