package io.fleetline.security.policy;

import io.fleetline.core.error.FleetlineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A policy string compiled once: literal text, optional {@code *}/{@code ?} wildcards and optional
 * {@code ${...}} variables. Binding substitutes the variables as literal text, so a client id of {@code *} or
 * {@code +} only ever matches those characters, never acts as a wildcard. IAM's escapes {@code ${*}},
 * {@code ${?}} and {@code ${$}} stand for the literal characters.
 */
final class PolicyPattern {
    private final String source;
    private final List<Part> parts;
    private final Optional<int[]> constant;

    private sealed interface Part {
    }

    private record Literal(int[] codes) implements Part {
    }

    private record Variable(VariableRef ref) implements Part {
    }

    private PolicyPattern(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
        this.constant = parts.stream().allMatch(Literal.class::isInstance) ? Optional.of(concat(parts))
                : Optional.empty();
    }

    /**
     * Compiles {@code text}. With {@code wildcards} false, {@code *} and {@code ?} are literal; with
     * {@code variables} false (policy language 2008-10-17), so is {@code ${...}}.
     *
     * @throws FleetlineException INVALID_REQUEST for a {@code ${} without its closing brace or an empty name
     */
    static PolicyPattern compile(String text, boolean wildcards, boolean variables) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (variables && text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0 || end == i + 2) {
                    throw FleetlineException.invalid("Policy variable at position " + i + " of \"" + text
                            + "\" needs a name and a closing '}'");
                }
                String name = text.substring(i + 2, end);
                if (name.equals("*") || name.equals("?") || name.equals("$")) {
                    literal.append(name);
                } else {
                    flush(literal, parts);
                    parts.add(new Variable(VariableRef.parse(name)));
                }
                i = end + 1;
            } else {
                int code = wildcards ? wildcardCode(text.charAt(i)) : text.charAt(i);
                if (code < 0) {
                    flush(literal, parts);
                    parts.add(new Literal(new int[] {code}));
                } else {
                    literal.append(text.charAt(i));
                }
                i++;
            }
        }
        flush(literal, parts);
        return new PolicyPattern(text, parts);
    }

    /** Compiles text that cannot hold variables, such as an action name, straight to its codes. */
    static int[] compileConstant(String text, boolean wildcards) {
        return compile(text, wildcards, false).constant.orElseThrow();
    }

    /**
     * The pattern with its variables substituted; empty, with each culprit recorded, if one does not resolve to
     * exactly one value (a {@code .List} variable has several, so it only works as a condition key).
     */
    Optional<int[]> bind(AuthorizationContext context, MissingValues missing) {
        if (constant.isPresent()) {
            return constant;
        }
        List<Part> bound = new ArrayList<>(parts.size());
        boolean resolved = true;
        for (Part part : parts) {
            if (part instanceof Variable variable) {
                List<String> values = context.resolve(variable.ref());
                if (values.size() != 1) {
                    missing.add(variable.ref());
                    resolved = false;
                    continue;
                }
                bound.add(new Literal(literalCodes(values.get(0))));
            } else {
                bound.add(part);
            }
        }
        return resolved ? Optional.of(concat(bound)) : Optional.empty();
    }

    /** The text as the policy wrote it. */
    String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }

    private static int wildcardCode(char c) {
        return switch (c) {
            case '*' -> Glob.ANY_RUN;
            case '?' -> Glob.ANY_ONE;
            default -> c;
        };
    }

    private static void flush(StringBuilder literal, List<Part> parts) {
        if (!literal.isEmpty()) {
            parts.add(new Literal(literalCodes(literal.toString())));
            literal.setLength(0);
        }
    }

    private static int[] literalCodes(String text) {
        return text.chars().toArray();
    }

    private static int[] concat(List<Part> parts) {
        int length = 0;
        for (Part part : parts) {
            length += ((Literal) part).codes().length;
        }
        int[] codes = new int[length];
        int at = 0;
        for (Part part : parts) {
            int[] piece = ((Literal) part).codes();
            System.arraycopy(piece, 0, codes, at, piece.length);
            at += piece.length;
        }
        return codes;
    }
}
