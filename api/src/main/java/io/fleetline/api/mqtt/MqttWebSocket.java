package io.fleetline.api.mqtt;

import io.fleetline.api.auth.Authenticator;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.core.bus.MessageLimits;
import io.fleetline.core.error.FleetlineException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Response;
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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MqttWebSocket.class);

    private MqttWebSocket() {
    }

    public static WebSocketUpgradeHandler handler(Server server, Authenticator authenticator, BrokerConnector broker) {
        return WebSocketUpgradeHandler.from(server, container -> {
            // Jetty's default of 64 KiB would cut off packets the broker takes; frames are passed on as they come
            container.setMaxFrameSize(MessageLimits.MAX_PACKET_BYTES);
            container.addMapping(PATH, (request, response, callback) ->
                    upgrade(request, response, callback, authenticator, broker));
        });
    }

    private static WebSocketBridge upgrade(ServerUpgradeRequest request, ServerUpgradeResponse response,
                                           org.eclipse.jetty.util.Callback callback, Authenticator authenticator,
                                           BrokerConnector broker) {
        RawRequest raw = new RawRequest("GET", request.getHttpURI().getPath(), request.getHttpURI().getQuery(),
                headers(request), new byte[0]);
        io.fleetline.api.auth.Caller caller;
        try {
            caller = authenticator.authenticate(raw);
        } catch (FleetlineException e) {
            LOG.debug("refused a WebSocket upgrade: {}", e.getMessage());
            Response.writeError(request, response, callback, 403, e.getMessage());
            return null;
        }
        if (request.hasSubProtocol("mqtt")) {
            response.setAcceptedSubProtocol("mqtt");
        }
        return new WebSocketBridge(() -> broker.open(caller));
    }

    private static Map<String, List<String>> headers(org.eclipse.jetty.server.Request request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(field.getValue());
        }
        return headers;
    }
}
