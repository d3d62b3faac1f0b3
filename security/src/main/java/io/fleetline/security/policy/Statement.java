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
