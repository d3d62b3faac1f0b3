package io.fleetline.api.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.auth.Authenticator;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.core.bus.MessageLimits;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The {@code /mqtt} WebSocket endpoint: a presigned SigV4 URL (service {@code iotdevicegateway}, as AWS SDKs
 * sign it) admits an operator, whose MQTT session then runs on the broker with operator rights. Frames may be as
 * large as the largest MQTT packet the broker takes, which then holds them to its limits as on every listener.
 */
public final class MqttWebSocket {
    public static final String PATH = "/mqtt";
    /** The service AWS's SDKs sign an MQTT-over-WebSocket URL for. */
    static final String SIGNING_NAME = "iotdevicegateway";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MqttWebSocket.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private MqttWebSocket() {
    }

    public static WebSocketUpgradeHandler handler(Server server, Authenticator authenticator, BrokerConnector broker) {
        return handler(server, authenticator, broker, false);
    }

    /**
     * @param unsigned whether an upgrade that carries no SigV4 signature is let in (the test-double mode): its caller
     *                 is the key id a bare {@code X-Amz-Credential} names (a 12-digit one chooses the account), or none
     *                 (the default account). A request that does carry a signature is verified as ever.
     */
    public static WebSocketUpgradeHandler handler(Server server, Authenticator authenticator, BrokerConnector broker,
                                                  boolean unsigned) {
        return WebSocketUpgradeHandler.from(server, container -> {
            // Jetty's default of 64 KiB would cut off packets the broker takes; frames are passed on as they come
            container.setMaxFrameSize(MessageLimits.MAX_PACKET_BYTES);
            container.addMapping(PATH, (request, response, callback) ->
                    upgrade(request, response, callback, authenticator, broker, unsigned));
        });
    }

    private static WebSocketBridge upgrade(ServerUpgradeRequest request, ServerUpgradeResponse response,
                                           org.eclipse.jetty.util.Callback callback, Authenticator authenticator,
                                           BrokerConnector broker, boolean unsigned) {
        RawRequest raw = new RawRequest("GET", request.getHttpURI().getPath(), request.getHttpURI().getQuery(),
                headers(request), new byte[0]);
        io.fleetline.api.auth.Caller caller;
        try {
            caller = unsigned && !signed(raw) ? unsignedCaller(raw) : authenticator.authenticate(raw);
            if (caller.service().filter(service -> !service.equals(SIGNING_NAME)).isPresent()) {
                throw new FleetlineException(ErrorCode.INVALID_SIGNATURE,
                        "Credential should be scoped to correct service: '" + SIGNING_NAME + "'. ");
            }
        } catch (FleetlineException e) {
            LOG.debug("refused a WebSocket upgrade: {}", e.getMessage());
            refuse(response, callback, e);
            return null;
        }
        if (request.hasSubProtocol("mqtt")) {
            response.setAcceptedSubProtocol("mqtt");
        }
        return new WebSocketBridge(() -> broker.open(caller));
    }

    /** Whether the upgrade carries a SigV4 signature, in its query (as AWS's SDKs presign) or its headers. */
    private static boolean signed(RawRequest raw) {
        return raw.hasQueryParameter("X-Amz-Signature") || raw.header("authorization").isPresent();
    }

    /**
     * The caller of an unsigned upgrade: the key id (and the region, when given) of an {@code X-Amz-Credential},
     * bare ({@code 111122223333}) or as a scope ({@code 111122223333/20260101/eu-west-1/iotdevicegateway/...}).
     */
    private static io.fleetline.api.auth.Caller unsignedCaller(RawRequest raw) {
        Optional<String> keyId = Optional.empty();
        Optional<String> region = Optional.empty();
        if (raw.hasQueryParameter("X-Amz-Credential")) {
            String[] scope;
            try {
                scope = raw.queryParameters().get("X-Amz-Credential").get(0).split("/", -1);
            } catch (RuntimeException undecodable) {
                throw new FleetlineException(ErrorCode.INCOMPLETE_SIGNATURE, "X-Amz-Credential cannot be read");
            }
            keyId = Optional.of(scope[0]).filter(k -> !k.isBlank());
            region = scope.length > 2 ? Optional.of(scope[2]).filter(r -> !r.isBlank()) : Optional.empty();
        }
        return new io.fleetline.api.auth.Caller(keyId, region, Optional.of(SIGNING_NAME));
    }

    /** A refused upgrade gets the AWS error of its signature, as every other request does. */
    private static void refuse(ServerUpgradeResponse response, org.eclipse.jetty.util.Callback callback,
                               FleetlineException e) {
        ObjectNode body = JSON.createObjectNode();
        body.put("message", e.getMessage());
        body.put("__type", e.code().awsType());
        response.setStatus(403);
        response.getHeaders().put("Content-Type", "application/json");
        response.getHeaders().put("x-amzn-ErrorType", e.code().awsType());
        response.write(true, ByteBuffer.wrap(body.toString().getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static Map<String, List<String>> headers(org.eclipse.jetty.server.Request request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(field.getValue());
        }
        return headers;
    }
}
