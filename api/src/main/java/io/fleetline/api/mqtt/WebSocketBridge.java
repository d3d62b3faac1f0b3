package io.fleetline.api.mqtt;

import io.fleetline.core.log.LimitedLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries MQTT bytes between one WebSocket and one broker connection: binary frames in are written to the
 * broker as they come, bytes from the broker go out as binary frames, in order; either side closing closes the
 * other. The bytes are not looked at: the broker holds every listener to the same packet and payload limits. A text
 * frame is not MQTT (MQTT 5 §6.0) and ends the connection.
 */
public final class WebSocketBridge implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketBridge.class);
    /** Every client that upgrades while the broker is unreachable would log this. */
    private static final LimitedLog UNREACHABLE = new LimitedLog(LOG);
    private final Opener broker;

    /** Opens this bridge's connection to the broker. */
    @FunctionalInterface
    interface Opener {
        java.net.Socket open() throws java.io.IOException;
    }
    private volatile Session session;
    private volatile Socket socket;

    WebSocketBridge(Opener broker) {
        this.broker = broker;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        this.session = opened;
        try {
            socket = broker.open();
        } catch (IOException e) {
            UNREACHABLE.warn("cannot reach the broker for a WebSocket client: {}", e.getMessage());
            opened.close(1011, "broker unavailable", Callback.NOOP);
            return;
        }
        Thread.ofVirtual().name("mqtt-ws-bridge").start(this::brokerToClient);
    }

    /** Frame by frame, not message by message: an MQTT packet may span frames, and nothing is held whole here. */
    @Override
    public void onWebSocketPartialBinary(ByteBuffer payload, boolean last, Callback callback) {
        try {
            OutputStream out = socket.getOutputStream();
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            out.write(bytes);
            out.flush();
            callback.succeed();
        } catch (IOException | RuntimeException e) {
            callback.fail(e);
            session.close(1011, "broker connection lost", Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketPartialText(String text, boolean last) {
        // the close goes out first: the broker side ending would close the WebSocket as normal
        session.close(StatusCode.BAD_DATA, "MQTT over WebSocket takes binary frames only", Callback.NOOP);
        closeSocket();
    }

    private void brokerToClient() {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = socket.getInputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                Callback.Completable sent = new Callback.Completable();
                session.sendBinary(ByteBuffer.wrap(Arrays.copyOf(buffer, n)), sent);
                sent.get();
            }
        } catch (IOException | ExecutionException e) {
            LOG.debug("WebSocket bridge ended: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            session.close(1000, "closed", Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        closeSocket();
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closeSocket();
    }

    private void closeSocket() {
        Socket current = socket;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
