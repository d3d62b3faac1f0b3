package io.fleetline.api.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.registry.tag.TagService;

/** TagResource, UntagResource and ListTagsForResource. */
final class TagHandlers {
    private final TagService tags;

    private TagHandlers(TagService tags) {
        this.tags = tags;
    }

    static void register(HandlerRegistry registry, TagService tags) {
        TagHandlers h = new TagHandlers(tags);
        registry.register("iot", "TagResource", h::tag)
                .register("iot", "UntagResource", h::untag)
                .register("iot", "ListTagsForResource", h::list);
    }

    private JsonNode tag(OperationCall call) {
        tags.tag(call.input().string("resourceArn"), call.input().tags("tags"));
        return Output.empty();
    }

    private JsonNode untag(OperationCall call) {
        tags.untag(call.input().string("resourceArn"), call.input().strings("tagKeys"));
        return Output.empty();
    }

    /** All of a resource's tags fit one page: AWS allows 50. */
    private JsonNode list(OperationCall call) {
        ObjectNode out = Output.object();
        ArrayNode list = out.putArray("tags");
        tags.list(call.input().string("resourceArn")).forEach((key, value) -> {
            ObjectNode tag = list.addObject();
            tag.put("Key", key);
            tag.put("Value", value);
        });
        return out;
    }
}
