package io.fleetline.security.policy;

import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;

/** {@code assertThat(decision).isAllowedBy("p").hasNoMissingContextValues()}. */
final class DecisionAssert extends AbstractAssert<DecisionAssert, Decision> {

    private DecisionAssert(Decision actual) {
        super(actual, DecisionAssert.class);
    }

    static DecisionAssert assertThat(Decision actual) {
        return new DecisionAssert(actual);
    }

    DecisionAssert isAllowed() {
        return hasOutcome(AuthDecision.ALLOWED);
    }

    DecisionAssert isAllowedBy(String... policyNames) {
        return isAllowed().hasPolicies(policyNames);
    }

    DecisionAssert isExplicitlyDenied() {
        return hasOutcome(AuthDecision.EXPLICIT_DENY);
    }

    DecisionAssert isExplicitlyDeniedBy(String... policyNames) {
        return isExplicitlyDenied().hasPolicies(policyNames);
    }

    DecisionAssert isImplicitlyDenied() {
        return hasOutcome(AuthDecision.IMPLICIT_DENY);
    }

    DecisionAssert hasMissingContextValues(String... names) {
        isNotNull();
        Assertions.assertThat(actual.missingContextValues()).as("missingContextValues").containsExactly(names);
        return this;
    }

    DecisionAssert hasNoMissingContextValues() {
        return hasMissingContextValues();
    }

    DecisionAssert hasPolicies(String... policyNames) {
        Assertions.assertThat(actual.policyNames()).as("deciding policies").containsExactly(policyNames);
        return this;
    }

    private DecisionAssert hasOutcome(AuthDecision expected) {
        isNotNull();
        if (actual.authDecision() != expected) {
            failWithMessage("Expected %s but was %s (policies %s, missing context values %s)", expected,
                    actual.authDecision(), actual.policyNames(), actual.missingContextValues());
        }
        return this;
    }
}
