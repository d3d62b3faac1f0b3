package io.fleetline.security.policy;

import java.util.List;
import java.util.Optional;

/**
 * A statement's {@code Resource} (or {@code NotResource}) list. {@code *} matches any run of characters,
 * {@code /} included, and {@code ?} one character; MQTT's {@code +} and {@code #} are literal (developer guide
 * L4893-L4929). Matching is case-sensitive, as ARNs are.
 *
 * <p>For {@code Resource}, a pattern whose variable does not resolve matches nothing while the statement's other
 * patterns still count, as with AWS, which leaves the variable's text in place. For {@code NotResource}, such a
 * pattern makes the whole statement fail to match: treating it as "matches nothing" would widen the statement.
 */
record ResourceMatcher(List<PolicyPattern> patterns, boolean negated) {

    ResourceMatcher {
        patterns = List.copyOf(patterns);
    }

    boolean covers(String resource, AuthorizationContext context, MissingValues missing) {
        return negated ? coversNone(resource, context, missing) : coversAny(resource, context, missing);
    }

    /** Whether one of the patterns matches every text {@code subject} stands for ({@link Glob#includes}). */
    boolean coversAll(int[] subject, AuthorizationContext context) {
        if (negated) {
            return false;
        }
        MissingValues ignored = new MissingValues();
        for (PolicyPattern pattern : patterns) {
            Optional<int[]> bound = pattern.bind(context, ignored);
            if (bound.isPresent() && Glob.includes(bound.get(), subject)) {
                return true;
            }
        }
        return false;
    }

    private boolean coversAny(String resource, AuthorizationContext context, MissingValues missing) {
        for (PolicyPattern pattern : patterns) {
            Optional<int[]> bound = pattern.bind(context, missing);
            if (bound.isPresent() && Glob.matches(bound.get(), resource, false)) {
                return true;
            }
        }
        return false;
    }

    private boolean coversNone(String resource, AuthorizationContext context, MissingValues missing) {
        for (PolicyPattern pattern : patterns) {
            Optional<int[]> bound = pattern.bind(context, missing);
            if (bound.isEmpty() || Glob.matches(bound.get(), resource, false)) {
                return false;
            }
        }
        return true;
    }
}
