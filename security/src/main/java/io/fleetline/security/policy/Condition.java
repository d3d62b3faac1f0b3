package io.fleetline.security.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One key of a {@code Condition} block: an operator, an optional set qualifier, the context key and the policy
 * values, which are alternatives (any one may match).
 *
 * <p>A key that does not resolve, or a policy value whose variable does not resolve, makes the condition false
 * whatever the operator, so the statement does not match; the name is reported as a missing context value. IAM
 * would instead treat a missing key as satisfying a negated operator or {@code ForAllValues:}. Failing closed
 * keeps an {@code Allow} from being granted on what the server does not know; the price is that a {@code Deny}
 * conditioned on a missing key does not apply either, so write denials on keys the context always has.
 */
record Condition(SetQualifier qualifier, ConditionOperator operator, VariableRef key, List<PolicyPattern> values) {

    /** How a key with several context values is judged. */
    enum SetQualifier {
        /** No prefix: like {@link #FOR_ANY_VALUE} for a positive operator, its negation for a negated one. */
        NONE(""),
        /** {@code ForAnyValue:}: at least one context value satisfies the operator. */
        FOR_ANY_VALUE("ForAnyValue:"),
        /** {@code ForAllValues:}: every context value satisfies the operator. */
        FOR_ALL_VALUES("ForAllValues:");

        private final String prefix;

        SetQualifier(String prefix) {
            this.prefix = prefix;
        }

        String prefix() {
            return prefix;
        }
    }

    Condition {
        values = List.copyOf(values);
    }

    boolean holds(AuthorizationContext context, MissingValues missing) {
        List<String> actual = context.resolve(key);
        if (actual.isEmpty()) {
            missing.add(key);
        }
        Optional<List<int[]>> expected = bindAll(context, missing);
        if (actual.isEmpty() || expected.isEmpty()) {
            return false;
        }
        return switch (qualifier) {
            case NONE -> operator.negated() != actual.stream().anyMatch(v -> matchesAny(expected.get(), v));
            case FOR_ANY_VALUE -> actual.stream().anyMatch(v -> satisfies(expected.get(), v));
            case FOR_ALL_VALUES -> actual.stream().allMatch(v -> satisfies(expected.get(), v));
        };
    }

    /** The operator applied to one context value. */
    private boolean satisfies(List<int[]> expected, String contextValue) {
        return operator.negated() != matchesAny(expected, contextValue);
    }

    private boolean matchesAny(List<int[]> expected, String contextValue) {
        for (int[] value : expected) {
            if (operator.comparison().test(value, contextValue)) {
                return true;
            }
        }
        return false;
    }

    private Optional<List<int[]>> bindAll(AuthorizationContext context, MissingValues missing) {
        List<int[]> bound = new ArrayList<>(values.size());
        boolean resolved = true;
        for (PolicyPattern value : values) {
            Optional<int[]> codes = value.bind(context, missing);
            codes.ifPresent(bound::add);
            resolved &= codes.isPresent();
        }
        return resolved ? Optional.of(bound) : Optional.empty();
    }
}
