package io.fleetline.agent.internal.deviceclient;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Job documents of the Device Client's schema, built step by step. */
final class Documents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode document = JSON.createObjectNode().put("version", "1.0");
    private final ArrayNode steps = document.putArray("steps");

    static Documents document() {
        return new Documents();
    }

    Documents includeStdOut() {
        document.put("includeStdOut", "true");
        return this;
    }

    /** A runHandler step from the handler directory; {@code options} go beside {@code input} (allowStdErr...). */
    Documents handler(String name, String handler, Map<String, Object> options, String... args) {
        ObjectNode action = action(steps.addObject(), name, "runHandler", options);
        ObjectNode input = action.putObject("input").put("handler", handler).put("path", "default");
        ArrayNode argv = input.putArray("args");
        for (String arg : args) {
            argv.add(arg);
        }
        return this;
    }

    Documents handler(String name, String handler, String... args) {
        return handler(name, handler, Map.of(), args);
    }

    /** A runCommand step; {@code command} is the schema's comma-separated command. */
    Documents command(String name, String command, Map<String, Object> options) {
        action(steps.addObject(), name, "runCommand", options).putObject("input").put("command", command);
        return this;
    }

    Documents command(String name, String command) {
        return command(name, command, Map.of());
    }

    Documents finalCommand(String name, String command) {
        action(document.putObject("finalStep"), name, "runCommand", Map.of()).putObject("input")
                .put("command", command);
        return this;
    }

    String json() {
        return document.toString();
    }

    private static ObjectNode action(ObjectNode step, String name, String type, Map<String, Object> options) {
        ObjectNode action = step.putObject("action").put("name", name).put("type", type);
        options.forEach((key, value) -> action.set(key, JSON.valueToTree(value)));
        return action;
    }
}
