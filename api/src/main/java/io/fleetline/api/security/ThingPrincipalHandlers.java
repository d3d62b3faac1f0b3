package io.fleetline.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.Input;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.security.principal.ThingPrincipalService;

/** AttachThingPrincipal, DetachThingPrincipal, ListThingPrincipals, ListPrincipalThings. */
final class ThingPrincipalHandlers {
    private final ThingPrincipalService principals;

    private ThingPrincipalHandlers(ThingPrincipalService principals) {
        this.principals = principals;
    }

    static void register(HandlerRegistry registry, ThingPrincipalService principals) {
        ThingPrincipalHandlers h = new ThingPrincipalHandlers(principals);
        registry.register("iot", "AttachThingPrincipal", h::attach)
                .register("iot", "DetachThingPrincipal", h::detach)
                .register("iot", "ListThingPrincipals", h::listPrincipals)
                .register("iot", "ListPrincipalThings", h::listThings);
    }

    private JsonNode attach(OperationCall call) {
        principals.attach(call.input().string("thingName"), call.input().string("principal"));
        return Output.empty();
    }

    private JsonNode detach(OperationCall call) {
        principals.detach(call.input().string("thingName"), call.input().string("principal"));
        return Output.empty();
    }

    private JsonNode listPrincipals(OperationCall call) {
        Input in = call.input();
        return strings("principals", principals.principalsOf(in.string("thingName"), page(in)));
    }

    private JsonNode listThings(OperationCall call) {
        Input in = call.input();
        return strings("things", principals.thingsOf(in.string("principal"), page(in)));
    }

    private static ObjectNode strings(String member, Page<String> page) {
        ObjectNode out = Output.object();
        ArrayNode list = out.putArray(member);
        page.items().forEach(list::add);
        Output.nextToken(out, page);
        return out;
    }

    private static PageRequest page(Input in) {
        return PageRequest.of(in.optInt("maxResults").orElse(null), in.optString("nextToken").orElse(null), 50);
    }
}
