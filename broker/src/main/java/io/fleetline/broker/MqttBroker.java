package io.fleetline.broker;

import io.fleetline.broker.internal.EmbeddedBroker;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.bus.DeviceMessage;
import io.fleetline.core.bus.DeviceMessageHandler;
import io.fleetline.core.bus.MessageBus;
import io.fleetline.core.bus.RetainedMessageStore;
import io.fleetline.security.Security;
import java.time.Clock;
import java.util.Optional;

/**
 * Fleetline's MQTT broker: started with the security services it asks on every connection, and the
 * {@link MessageBus} the rest of Fleetline talks to devices through.
 */
public final class MqttBroker implements MessageBus, AutoCloseable {
    private final EmbeddedBroker broker;

    private MqttBroker(EmbeddedBroker broker) {
        this.broker = broker;
    }

    /**
     * Starts the broker for the given accounts; returns once every listener accepts connections. Each account's
     * security services are to be handed to {@link #watch} as well.
     */
    public static MqttBroker start(BrokerSettings settings, DeviceAccounts accounts, RetainedMessageStore retained,
                                   Clock clock) {
        try {
            return new MqttBroker(EmbeddedBroker.start(settings, accounts, retained, clock));
        } catch (Exception e) {
            throw new IllegalStateException("the MQTT broker cannot start: " + e.getMessage(), e);
        }
    }

    /** Follows an account's policy and certificate changes (changed rights apply at once, revoked ones cut off). */
    public void watch(Security security) {
        broker.watch(security);
    }

    /** The way an account's services talk to its devices: every topic inside the account's namespace. */
    public MessageBus busFor(DeviceAccount account) {
        return account.namespaced() ? new NamespacedBus(this, account) : this;
    }

    /** The port of the mutual-TLS listener. */
    public int tlsPort() {
        return broker.port("mqtts").orElseThrow();
    }

    /** The port of the development plain-TCP listener, when it is on. */
    public Optional<Integer> plainPort() {
        return broker.port("plain");
    }

    /** The port of the MQTT-over-WebSocket (mutual TLS) listener, when it is on. */
    public Optional<Integer> webSocketPort() {
        return broker.port("wss");
    }

    /** A connection into the broker with operator rights in an account, for sessions Fleetline authenticated itself. */
    public java.net.Socket openOperatorConnection(AccountScope scope) throws java.io.IOException {
        return broker.openOperatorConnection(scope);
    }

    /**
     * Tells {@code listener} of each connection and disconnection of a device of the account {@code scope}, in
     * process, as the broker publishes its lifecycle events; the listener runs on the broker's thread, so it must
     * be quick and must not throw.
     */
    public void onPresence(AccountScope scope, java.util.function.Consumer<io.fleetline.core.bus.Presence> listener) {
        broker.onPresence((account, presence) -> {
            if (account.equals(scope)) {
                listener.accept(presence);
            }
        });
    }

    /**
     * Tells {@code listener} of each connection and disconnection of every account's devices, as {@link #onPresence}
     * does for one account (the same rules: quick, never throwing).
     */
    public void onEveryPresence(java.util.function.Consumer<io.fleetline.core.bus.Presence> listener) {
        broker.onPresence((account, presence) -> listener.accept(presence));
    }

    /** The broker's own counters (connections, messages in and out), read when asked. */
    public BrokerStatistics statistics() {
        return broker.statistics();
    }

    /** Ends every session and forgets every retained message the broker holds in memory (a reset). */
    public void reset() {
        broker.reset();
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retain) {
        broker.publish(topic, payload, qos, retain);
    }

    @Override
    public void reply(DeviceMessage request, String topic, byte[] payload, int qos) {
        broker.reply(request, topic, payload, qos);
    }

    @Override
    public void onDeviceMessage(String topicPrefix, DeviceMessageHandler handler) {
        broker.onDeviceMessage(topicPrefix, handler);
    }

    @Override
    public void close() {
        broker.close();
    }

    /** Stops the broker of a process about to exit, without waiting out the broker's graceful stop. */
    public void closeForExit() {
        broker.closeForExit();
    }
}
