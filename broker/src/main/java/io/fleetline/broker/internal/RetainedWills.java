package io.fleetline.broker.internal;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.events.client.parameters.ClientInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.packets.connect.WillPublishPacket;
import com.hivemq.extension.sdk.api.packets.general.DisconnectedReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.ModifiableConnectPacket;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import io.fleetline.broker.BrokerSettings;
import io.fleetline.broker.DeviceAccount;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retained wills made durable. A retained will is a retained message like any other, and must be in the database
 * before anyone receives it; but HiveMQ publishes wills on its own and gives an extension no hook at that moment.
 * So a will with the retain flag is taken out of the CONNECT before HiveMQ keeps it, and Fleetline publishes it
 * (written first, then delivered and retained by the broker) when HiveMQ would have: when the connection ends other
 * than by a normal DISCONNECT and not because the server cut it off without its will; at once, or after its will
 * delay, bounded by the session expiry, unless the client connects again meanwhile (MQTT 5 §3.1.2.5, §3.1.3.2.2).
 * Wills without the retain flag stay with HiveMQ.
 */
final class RetainedWills {
    private static final Logger LOG = LoggerFactory.getLogger(RetainedWills.class);
    /** The connection attribute naming the will taken out of its CONNECT. */
    private static final String TAKEN_ATTRIBUTE = "fleetline.will";
    private final RetainedMessages retained;
    /** Wills taken out of CONNECT packets, until their connection authenticates. */
    private final Map<String, WillPublishPacket> taken = new ConcurrentHashMap<>();
    /** The retained will of each authenticated connection that has one, by session id. */
    private final Map<String, Held> bySession = new ConcurrentHashMap<>();
    /** Wills waiting out their delay, by session id: a new connection of their client cancels them. */
    private final Map<String, Delayed> delayed = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    private record Held(String clientId, WillPublishPacket will, long delaySeconds) {
    }

    private record Delayed(String clientId, Future<?> publishing) {
    }

    RetainedWills(RetainedMessages retained) {
        this.retained = retained;
    }

    /**
     * At CONNECT: takes a will with the retain flag out of the packet, kept for this connection.
     *
     * @param received the CONNECT as the client sent it (HiveMQ copies only its own packets)
     * @param packet   the CONNECT the broker goes on with, its will's topic possibly put into a namespace
     */
    void take(ConnectionAttributeStore attributes, ConnectPacket received, ModifiableConnectPacket packet) {
        Optional<WillPublishPacket> will = packet.getWillPublish().filter(WillPublishPacket::getRetain);
        if (will.isPresent()) {
            String token = UUID.randomUUID().toString();
            taken.put(token, Builders.willPublish().fromWillPublish(received.getWillPublish().orElseThrow())
                    .topic(will.get().getTopic()).build());
            attributes.putAsString(TAKEN_ATTRIBUTE, token);
            packet.setWillPublish(null);
        }
    }

    /** The retained will taken out of this connection's CONNECT, handed over once (at authentication). */
    Optional<WillPublishPacket> claim(ConnectionAttributeStore attributes) {
        Optional<String> token = attributes.getAsString(TAKEN_ATTRIBUTE);
        token.ifPresent(t -> attributes.remove(TAKEN_ATTRIBUTE));
        return token.map(taken::remove);
    }

    /**
     * A connection authenticated: its retained will, if any, is held for its session, and a will of the client id
     * still waiting out its delay is not published.
     */
    void authenticated(String clientId, String sessionId, Optional<WillPublishPacket> will, long sessionExpirySeconds) {
        delayed.values().removeIf(pending -> {
            boolean theirs = pending.clientId().equals(clientId);
            if (theirs) {
                pending.publishing().cancel(false);  // one already under way finds itself gone and stops
            }
            return theirs;
        });
        will.ifPresent(w -> bySession.put(sessionId, new Held(clientId, w, delay(w, sessionExpirySeconds))));
    }

    /**
     * A connection ended. Its will is published unless the client disconnected normally; a delayed one waits, and
     * is dropped if a newer connection of the client already came.
     *
     * @param superseded another connection of the same client id authenticated meanwhile (a takeover)
     */
    void ended(String sessionId, DisconnectEventInput how, boolean superseded) {
        Held held = bySession.remove(sessionId);
        if (held == null || stopped || !publishesWill(how)) {
            return;
        }
        if (held.delaySeconds() == 0) {
            publish(held.will());
        } else if (!superseded) {
            delayed.put(sessionId, new Delayed(held.clientId(), Services.extensionExecutorService().schedule(() -> {
                if (delayed.remove(sessionId) != null) {
                    publish(held.will());
                }
            }, held.delaySeconds(), TimeUnit.SECONDS)));
        }
    }

    /** The server is about to cut these connections off without their wills (a revoked certificate). */
    void prevent(java.util.Collection<String> clientIds) {
        bySession.values().removeIf(held -> clientIds.contains(held.clientId()));
    }

    /** Drops every held and waiting will: the state they would land in is being wiped (a reset). */
    void forget() {
        bySession.clear();
        delayed.values().forEach(pending -> pending.publishing().cancel(false));
        delayed.clear();
    }

    /** The server stops: the device did not fail, and the database is about to close; no will is published. */
    void stop() {
        stopped = true;
        forget();
    }

    /** As HiveMQ decides: the will goes unless the client said goodbye with a normal DISCONNECT. */
    private static boolean publishesWill(DisconnectEventInput how) {
        if (how instanceof ClientInitiatedDisconnectInput) {
            return how.getReasonCode().filter(code -> code != DisconnectedReasonCode.NORMAL_DISCONNECTION).isPresent();
        }
        return true;
    }

    /** As HiveMQ computes it: none if either is zero, else the will delay bounded by the session expiry. */
    private static long delay(WillPublishPacket will, long sessionExpirySeconds) {
        long expiry = Math.min(sessionExpirySeconds, BrokerSettings.MAX_SESSION_EXPIRY_SECONDS);
        return will.getWillDelay() == 0 || expiry == 0 ? 0 : Math.min(will.getWillDelay(), expiry);
    }

    /** Durable first, as every retained publish; then delivered and retained by the broker. */
    private void publish(WillPublishPacket will) {
        String topic = will.getTopic();
        if (!DeviceAccount.withoutNamespace(topic).startsWith("$")) {
            ByteBuffer payload = will.getPayload().orElse(ByteBuffer.allocate(0));
            byte[] bytes = new byte[payload.remaining()];
            payload.duplicate().get(bytes);
            try {
                retained.keep(topic, bytes, will.getQos().getQosNumber());
            } catch (RuntimeException e) {
                // a will cannot be sent again: it is delivered all the same, retained until a restart
                LOG.error("could not store the retained will on {}", topic, e);
            }
        }
        Services.publishService().publish(Builders.publish().fromPublish(will).build());
    }
}
