package io.fleetline.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * An update request, checked against AWS's rules before it touches a shadow.
 *
 * @param state       the request's {@code state}; empty for {@code "state": null}, which clears desired and reported
 * @param version     the version the shadow must be at, when the request names one
 * @param clientToken echoed in the answers
 */
public record ShadowUpdate(Optional<ObjectNode> state, Optional<Long> version, Optional<String> clientToken) {
    /** AWS: at most 64 bytes. */
    static final int MAX_CLIENT_TOKEN_BYTES = 64;
    /** AWS: at most 6 levels in desired and in reported. */
    static final int MAX_DEPTH = 6;

    public ShadowUpdate {
        state = state.map(ObjectNode::deepCopy);
    }

    /**
     * The update a request document asks for; other top-level members than {@code state}, {@code version} and
     * {@code clientToken} are ignored, as AWS ignores them.
     *
     * @throws ShadowRejection 400 with AWS's message for the first rule the request breaks
     */
    public static ShadowUpdate of(ObjectNode request) {
        Optional<String> token = clientToken(request);
        Optional<Long> version = version(request);
        JsonNode state = request.get("state");
        if (state == null) {
            throw ShadowRejection.badRequest("Missing required node: state");
        }
        if (state.isNull()) {
            return new ShadowUpdate(Optional.empty(), version, token);
        }
        if (!state.isObject()) {
            throw ShadowRejection.badRequest("State node must be an object");
        }
        for (Map.Entry<String, JsonNode> field : state.properties()) {
            checkSection(field.getKey(), field.getValue());
        }
        return new ShadowUpdate(Optional.of((ObjectNode) state), version, token);
    }

    private static void checkSection(String name, JsonNode section) {
        if (!name.equals(ShadowDocument.DESIRED) && !name.equals(ShadowDocument.REPORTED)) {
            throw ShadowRejection.badRequest("State contains an invalid node: '" + name + "'");
        }
        if (!section.isObject() && !section.isNull()) {
            throw ShadowRejection.badRequest(name.equals(ShadowDocument.DESIRED) ? "Desired node must be an object"
                    : "Reported node must be an object");
        }
        if (ShadowRules.depth(section) > MAX_DEPTH) {
            throw ShadowRejection.badRequest("JSON contains too many levels of nesting; maximum is " + MAX_DEPTH);
        }
        if (ShadowRules.hasNullInArray(section)) {
            throw ShadowRejection.badRequest("State contains an invalid node: arrays can't have null values");
        }
    }

    /** The request's client token when it is a valid one; what a rejection echoes. */
    public static Optional<String> echoedToken(JsonNode request) {
        JsonNode token = request.get("clientToken");
        return token != null && token.isTextual() && validToken(token.asText()) ? Optional.of(token.asText())
                : Optional.empty();
    }

    /**
     * The client token of a get or delete request (whose other members are ignored).
     *
     * @throws ShadowRejection 400 {@code Invalid clientToken}
     */
    public static Optional<String> clientToken(JsonNode request) {
        JsonNode token = request.get("clientToken");
        if (token == null) {
            return Optional.empty();
        }
        if (!token.isTextual() || !validToken(token.asText())) {
            throw ShadowRejection.badRequest("Invalid clientToken");
        }
        return Optional.of(token.asText());
    }

    private static boolean validToken(String token) {
        int bytes = token.getBytes(StandardCharsets.UTF_8).length;
        return bytes >= 1 && bytes <= MAX_CLIENT_TOKEN_BYTES;
    }

    private static Optional<Long> version(JsonNode request) {
        JsonNode version = request.get("version");
        if (version == null) {
            return Optional.empty();
        }
        if (!version.isIntegralNumber() || !version.canConvertToLong() || version.asLong() < 0) {
            throw ShadowRejection.badRequest("Invalid version");
        }
        return Optional.of(version.asLong());
    }
}
