package io.fleetline.security.policy;

import java.util.List;

/**
 * One compiled policy statement. It applies to a request when its action list covers the action, its resource
 * list covers the resource and every condition holds.
 */
record Statement(Effect effect, ActionMatcher actions, ResourceMatcher resources, List<Condition> conditions) {

    Statement {
        conditions = List.copyOf(conditions);
    }

    /**
     * What this statement says about {@code lowerCaseAction} on every resource {@code subject} stands for (a
     * pattern whose {@code *} codes are unknown text): {@code DENY} if it is a deny that may apply to one of them,
     * {@code ALLOW} if it allows all of them whatever the text, empty if it proves neither.
     */
    java.util.Optional<Effect> coversAll(String lowerCaseAction, int[] subject, AuthorizationContext context) {
        if (!actions.covers(lowerCaseAction)) {
            return java.util.Optional.empty();
        }
        if (effect == Effect.DENY) {
            return java.util.Optional.of(Effect.DENY);  // a deny anywhere near: no proof attempted
        }
        return conditions.isEmpty() && resources.coversAll(subject, context)
                ? java.util.Optional.of(Effect.ALLOW) : java.util.Optional.empty();
    }

    boolean appliesTo(String lowerCaseAction, String resource, AuthorizationContext context,
            MissingValues missing) {
        if (!actions.covers(lowerCaseAction) || !resources.covers(resource, context, missing)) {
            return false;
        }
        for (Condition condition : conditions) {
            if (!condition.holds(context, missing)) {
                return false;
            }
        }
        return true;
    }
}
