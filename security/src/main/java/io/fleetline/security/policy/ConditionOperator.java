package io.fleetline.security.policy;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The IAM condition operators this evaluator supports. A negated operator is true exactly when its positive
 * twin is false for the same values; {@code ArnEquals} accepts wildcards just as {@code ArnLike} does, as in IAM.
 */
enum ConditionOperator {
    STRING_EQUALS("StringEquals", Comparison.EXACT, false),
    STRING_NOT_EQUALS("StringNotEquals", Comparison.EXACT, true),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", Comparison.IGNORE_CASE, false),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", Comparison.IGNORE_CASE, true),
    STRING_LIKE("StringLike", Comparison.LIKE, false),
    STRING_NOT_LIKE("StringNotLike", Comparison.LIKE, true),
    BOOL("Bool", Comparison.BOOLEAN, false),
    ARN_EQUALS("ArnEquals", Comparison.ARN, false),
    ARN_NOT_EQUALS("ArnNotEquals", Comparison.ARN, true),
    ARN_LIKE("ArnLike", Comparison.ARN, false),
    ARN_NOT_LIKE("ArnNotLike", Comparison.ARN, true);

    /** How one context value is compared with one policy value. */
    enum Comparison {
        EXACT, IGNORE_CASE, LIKE, BOOLEAN, ARN;

        boolean usesWildcards() {
            return this == LIKE || this == ARN;
        }

        boolean test(int[] policyValue, String contextValue) {
            return switch (this) {
                case EXACT, LIKE -> Glob.matches(policyValue, contextValue, false);
                case IGNORE_CASE, BOOLEAN -> Glob.matches(policyValue, contextValue, true);
                case ARN -> Glob.matchesArn(policyValue, contextValue);
            };
        }
    }

    private static final Map<String, ConditionOperator> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ConditionOperator::policyName, Function.identity()));

    private final String policyName;
    private final Comparison comparison;
    private final boolean negated;

    ConditionOperator(String policyName, Comparison comparison, boolean negated) {
        this.policyName = policyName;
        this.comparison = comparison;
        this.negated = negated;
    }

    String policyName() {
        return policyName;
    }

    Comparison comparison() {
        return comparison;
    }

    boolean negated() {
        return negated;
    }

    /** The operator a policy names; operator names are case-sensitive, as in IAM. */
    static Optional<ConditionOperator> fromPolicyName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
