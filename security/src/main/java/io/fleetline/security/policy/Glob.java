package io.fleetline.security.policy;

/**
 * Wildcard matching over compiled patterns. A pattern is an array of codes: a non-negative code is one literal
 * UTF-16 unit, {@link #ANY_RUN} is IAM's {@code *} (any sequence, {@code /} and {@code :} included) and
 * {@link #ANY_ONE} is {@code ?}. Keeping literals and wildcards apart in the codes is what lets a substituted
 * variable value containing {@code *} match only a literal {@code *}.
 */
final class Glob {
    static final int ANY_RUN = -2;
    static final int ANY_ONE = -1;

    private static final int ARN_PARTS = 6;

    private Glob() {
    }

    /** Whether {@code text} matches {@code pattern}; {@code ignoreCase} folds literal units to lower case. */
    static boolean matches(int[] pattern, String text, boolean ignoreCase) {
        return matches(pattern, 0, pattern.length, text, 0, text.length(), ignoreCase);
    }

    /**
     * IAM's ARN comparison: the six colon-separated parts of the ARN are compared one by one, so a wildcard never
     * reaches across a part boundary; the sixth part (the resource) keeps any further colons.
     */
    static boolean matchesArn(int[] pattern, String arn) {
        int[] patternEnds = partEnds(pattern);
        int patternStart = 0;
        int textStart = 0;
        for (int part = 0; part < ARN_PARTS; part++) {
            int textEnd = part == ARN_PARTS - 1 ? arn.length() : arn.indexOf(':', textStart);
            if (patternEnds[part] < 0 || textEnd < 0) {
                return false;
            }
            if (!matches(pattern, patternStart, patternEnds[part], arn, textStart, textEnd, false)) {
                return false;
            }
            patternStart = patternEnds[part] + 1;
            textStart = textEnd + 1;
        }
        return true;
    }

    /** End index of each ARN part in the pattern, or -1 for parts the pattern does not have. */
    private static int[] partEnds(int[] pattern) {
        int[] ends = {-1, -1, -1, -1, -1, -1};
        int part = 0;
        for (int i = 0; i < pattern.length && part < ARN_PARTS - 1; i++) {
            if (pattern[i] == ':') {
                ends[part++] = i;
            }
        }
        if (part == ARN_PARTS - 1) {
            ends[part] = pattern.length;
        }
        return ends;
    }

    /**
     * Greedy matching that backtracks to the last {@code *} seen; linear for the usual patterns and never worse
     * than pattern length times text length.
     */
    private static boolean matches(int[] pattern, int pStart, int pEnd, String text, int tStart, int tEnd,
            boolean ignoreCase) {
        int p = pStart;
        int t = tStart;
        int starP = -1;
        int starT = tStart;
        while (t < tEnd) {
            if (p < pEnd && pattern[p] == ANY_RUN) {
                starP = p++;
                starT = t;
            } else if (p < pEnd && unitMatches(pattern[p], text.charAt(t), ignoreCase)) {
                p++;
                t++;
            } else if (starP >= 0) {
                p = starP + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < pEnd && pattern[p] == ANY_RUN) {
            p++;
        }
        return p == pEnd;
    }

    /**
     * Whether every text {@code subject} can match is also matched by {@code pattern}, where {@code subject} is
     * itself a pattern whose {@link #ANY_RUN} codes stand for unknown runs of text. The test is symbolic: an
     * unknown run of the subject is only covered by a {@code *} of the pattern, so a yes is always right; a
     * caller that gets no must check text by text.
     */
    static boolean includes(int[] pattern, int[] subject) {
        // row[j]: pattern[i..] covers subject[j..], for the row i being filled; next is row i + 1. Two rows, not the
        // whole table: a policy resource may be hundreds of thousands of characters long.
        boolean[] next = new boolean[subject.length + 1];
        boolean[] row = new boolean[subject.length + 1];
        next[subject.length] = true;
        for (int i = pattern.length - 1; i >= 0; i--) {
            int code = pattern[i];
            for (int j = subject.length; j >= 0; j--) {
                if (code == ANY_RUN) {
                    row[j] = next[j] || (j < subject.length && row[j + 1]);
                } else if (j < subject.length && subject[j] != ANY_RUN && subject[j] != ANY_ONE) {
                    row[j] = (code == ANY_ONE || code == subject[j]) && next[j + 1];
                } else {
                    row[j] = false;
                }
            }
            boolean[] filled = row;
            row = next;
            next = filled;
        }
        return next[0];
    }

    private static boolean unitMatches(int code, char unit, boolean ignoreCase) {
        if (code == ANY_ONE || code == unit) {
            return true;
        }
        return ignoreCase && code >= 0 && Character.toLowerCase((char) code) == Character.toLowerCase(unit);
    }
}
