package io.fleetline.security.policy;

import java.util.List;
import java.util.Locale;

/**
 * A statement's {@code Action} (or {@code NotAction}) list, compiled to lower-case patterns: action names match
 * ignoring case (the guide writes {@code iot:publish} in one example, L4941) and support {@code *} and
 * {@code ?}, as in {@code iot:*} or {@code iot:Get*}.
 */
record ActionMatcher(List<int[]> patterns, boolean negated) {

    ActionMatcher {
        patterns = List.copyOf(patterns);
    }

    static ActionMatcher compile(List<String> actions, boolean negated) {
        return new ActionMatcher(actions.stream()
                .map(action -> PolicyPattern.compileConstant(action.toLowerCase(Locale.ROOT), true))
                .toList(), negated);
    }

    /** Whether the statement covers {@code lowerCaseAction}, which the caller has already lower-cased. */
    boolean covers(String lowerCaseAction) {
        for (int[] pattern : patterns) {
            if (Glob.matches(pattern, lowerCaseAction, false)) {
                return !negated;
            }
        }
        return negated;
    }
}
