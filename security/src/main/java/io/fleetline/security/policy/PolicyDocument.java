package io.fleetline.security.policy;

import io.fleetline.core.error.FleetlineException;
import java.util.List;
import java.util.Optional;

/**
 * A parsed, validated and compiled AWS IoT policy document (developer guide L4440-L4470, L4747-L4785): a
 * {@code Version} and one or more statements, each an {@code Effect} with {@code Action} or {@code NotAction},
 * {@code Resource} or {@code NotResource}, and an optional {@code Condition}.
 *
 * <p>Parse a document once, when it is created or loaded, and keep the instance: it holds precompiled matchers
 * and is immutable, so any number of threads may evaluate it at once.
 */
public final class PolicyDocument {
    /** The longest document CreatePolicy accepts, in characters (service model). */
    public static final int MAX_LENGTH = 404_600;
    /** The current policy language; the only one in which {@code ${...}} variables are substituted. */
    public static final String VERSION_2012_10_17 = "2012-10-17";
    /** The original policy language, still accepted; {@code ${...}} is literal text in it, as in IAM. */
    public static final String VERSION_2008_10_17 = "2008-10-17";

    private final String version;
    private final List<Statement> statements;

    PolicyDocument(String version, List<Statement> statements) {
        this.version = version;
        this.statements = List.copyOf(statements);
    }

    /**
     * Parses and validates a policy document.
     *
     * @throws FleetlineException INVALID_REQUEST naming the first problem: not JSON, too long, an unsupported
     *     {@code Version}, a missing or empty {@code Statement}, an {@code Effect} other than {@code Allow} or
     *     {@code Deny}, a missing or malformed {@code Action} or {@code Resource}, an unknown element, or a
     *     {@code Condition} with an unknown operator or malformed values
     */
    public static PolicyDocument parse(String json) {
        return PolicyParser.parse(json);
    }

    /** The {@code Version} the document declares. */
    public String version() {
        return version;
    }

    /** How many statements the document has. */
    public int statementCount() {
        return statements.size();
    }

    /**
     * This document's verdict on one request: {@code DENY} if any statement denies it, else {@code ALLOW} if any
     * allows it, else empty.
     */
    Optional<Effect> match(String lowerCaseAction, String resource, AuthorizationContext context,
            MissingValues missing) {
        boolean allowed = false;
        for (Statement statement : statements) {
            if (statement.appliesTo(lowerCaseAction, resource, context, missing)) {
                if (statement.effect() == Effect.DENY) {
                    return Optional.of(Effect.DENY);
                }
                allowed = true;
            }
        }
        return allowed ? Optional.of(Effect.ALLOW) : Optional.empty();
    }

    /** {@link Statement#coversAll} over the whole document: a possible deny wins over a proven allow. */
    Optional<Effect> coversAll(String lowerCaseAction, int[] subject, AuthorizationContext context) {
        boolean allowed = false;
        for (Statement statement : statements) {
            Optional<Effect> effect = statement.coversAll(lowerCaseAction, subject, context);
            if (effect.isPresent() && effect.get() == Effect.DENY) {
                return effect;
            }
            allowed |= effect.isPresent();
        }
        return allowed ? Optional.of(Effect.ALLOW) : Optional.empty();
    }

    @Override
    public String toString() {
        return "PolicyDocument[version=" + version + ", statements=" + statements.size() + "]";
    }
}
