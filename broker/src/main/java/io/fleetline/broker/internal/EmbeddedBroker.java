package io.fleetline.broker.internal;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.client.parameter.Listener;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import io.fleetline.broker.BrokerSettings;
import io.fleetline.broker.DeviceAccounts;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.bus.DeviceMessage;
import io.fleetline.core.bus.DeviceMessageHandler;
import io.fleetline.core.bus.MessageBus;
import io.fleetline.core.bus.RetainedMessageStore;
import io.fleetline.security.Security;
import io.fleetline.security.tls.RegisteredCertificateTrustManager;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.UUID;

/** HiveMQ CE embedded, configured and extended with Fleetline's rules. */
public final class EmbeddedBroker implements MessageBus, AutoCloseable {
    private final EmbeddedHiveMQ hive;
    private final String trustMarker;
    private final ReservedTopics reserved;
    private final DeviceSessions sessions;
    private final OperatorBridge bridge;
    private final String bindHost;
    private final RetainedMessages retained;
    private final Replies replies;
    private DeviceRules rules;
    private PresenceEvents presence;

    private EmbeddedBroker(EmbeddedHiveMQ hive, String trustMarker, ReservedTopics reserved, DeviceSessions sessions,
                           OperatorBridge bridge, String bindHost, RetainedMessages retained) {
        this.hive = hive;
        this.trustMarker = trustMarker;
        this.reserved = reserved;
        this.sessions = sessions;
        this.bridge = bridge;
        this.bindHost = bindHost;
        this.retained = retained;
        this.replies = new Replies(sessions);
    }

    /** A TLS connection to the mqtts listener under the operator bridge's identity for the account. */
    public java.net.Socket openOperatorConnection(AccountScope scope) throws java.io.IOException {
        String host = bindHost.equals("0.0.0.0") || bindHost.equals("::") ? "127.0.0.1" : bindHost;
        return bridge.connect(host, port("mqtts").orElseThrow(), scope);
    }

    public static EmbeddedBroker start(BrokerSettings settings, DeviceAccounts accounts,
                                       RetainedMessageStore retainedStore, Clock clock) throws Exception {
        String marker = DeviceTrustProvider.MARKER_PREFIX + UUID.randomUUID();
        OperatorBridge bridge = OperatorBridge.create(settings.serverChainPem());
        bridge.prepare(accounts.home().scope());
        DeviceTrustProvider.register(marker, bridge.trusting(new RegisteredCertificateTrustManager(
                leaf -> accounts.holding(leaf).isPresent(), accounts::refused)));
        Path config = settings.workDir().resolve("conf");
        Path data = Files.createDirectories(settings.workDir().resolve("data"));
        Path extensions = Files.createDirectories(settings.workDir().resolve("extensions"));
        BrokerFiles.write(settings, config, marker);

        ReservedTopics reserved = new ReservedTopics();
        DeviceSessions sessions = new DeviceSessions();
        EmbeddedBroker[] self = new EmbeddedBroker[1];
        MessageBus lateBus = new MessageBus() {
            @Override
            public void publish(String topic, byte[] payload, int qos, boolean retain) {
                self[0].publish(topic, payload, qos, retain);
            }

            @Override
            public void reply(DeviceMessage request, String topic, byte[] payload, int qos) {
                self[0].reply(request, topic, payload, qos);
            }

            @Override
            public void onDeviceMessage(String topicPrefix, DeviceMessageHandler handler) {
                self[0].onDeviceMessage(topicPrefix, handler);
            }
        };
        RetainedMessages retained = new RetainedMessages(retainedStore, clock);
        PresenceEvents presence = new PresenceEvents(lateBus, clock);
        DeviceRules rules = new DeviceRules(accounts, sessions, reserved, presence, bridge, retained);
        stopNettyLeakSampling();
        EmbeddedHiveMQ hive = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(config).withDataFolder(data).withExtensionsFolder(extensions)
                .withoutLoggingBootstrap()
                .withEmbeddedExtension(EmbeddedExtension.builder().withId("fleetline").withName("Fleetline")
                        .withVersion("1").withPriority(1000).withExtensionMain(rules).build())
                .build();
        // the builder switches this off (allow everyone) by default; Fleetline decides every connection
        InternalConfigurations.AUTH_DENY_UNAUTHENTICATED_CONNECTIONS.set(true);
        self[0] = new EmbeddedBroker(hive, marker, reserved, sessions, bridge, settings.bindHost(), retained);
        self[0].rules = rules;
        self[0].presence = presence;
        try {
            hive.start().join();
            // the listeners are open already: a device connecting in these first milliseconds may miss one
            retained.restore();
        } catch (RuntimeException e) {
            self[0].close();
            throw e;
        }
        return self[0];
    }

    /**
     * No sampling of Netty's buffers for leak reports: it records a stack trace for one allocation in 128, a cost
     * on every message path that only a Netty developer needs. Set for the process before the broker loads Netty;
     * a level given to the JVM (either of Netty's two property names) still wins.
     */
    private static void stopNettyLeakSampling() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
    }

    /** Follows an account's policies and certificates: changed policies apply at once, revoked certificates cut off. */
    public void watch(Security security) {
        security.policies().onChange(sessions::policiesChanged);
        security.certificates().addListener(this::disconnectCertificate);
        security.caCertificates().addListener(this::disconnectCertificate);
    }

    /** The port of the named listener ({@code mqtts} or {@code plain}). */
    public Optional<Integer> port(String listenerName) {
        return Services.adminService().getServerInformation().getListener().stream()
                .filter(l -> l.getName().equals(listenerName)).map(Listener::getPort).findFirst();
    }

    /** Cuts off every live connection that authenticated with the certificate. */
    public void disconnectCertificate(String certificateId) {
        List<String> clients = sessions.clientsOf(certificateId);
        rules.preventWills(clients);
        for (String clientId : clients) {
            Services.clientService().disconnectClient(clientId, true,
                    com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode.NOT_AUTHORIZED,
                    "The certificate is no longer active");
        }
    }

    /** The broker's own counters, read from HiveMQ's metrics when asked. */
    public io.fleetline.broker.BrokerStatistics statistics() {
        return new HiveStatistics(hive.getMetricRegistry());
    }

    /** Tells {@code listener} of every device connection and disconnection, with the device's account. */
    public void onPresence(java.util.function.BiConsumer<AccountScope, io.fleetline.core.bus.Presence> listener) {
        presence.listen(listener);
    }

    /**
     * Ends every session, connected or persistent (its client is disconnected, its subscriptions and queued messages
     * dropped), and forgets every retained message. Clients may connect again at once.
     */
    public void reset() {
        rules.forgetSessions();  // no retained will of an ending session lands in the wiped state
        forEachClient(false, Services.clientService()::invalidateSession).join();
        Services.retainedMessageStore().clear().join();
        rules.forgetSessions();
    }

    /** Applies {@code end} to every client the broker knows (the connected ones only, if asked); done when all are. */
    private static CompletableFuture<Void> forEachClient(boolean connectedOnly,
                                                        Function<String, CompletableFuture<Boolean>> end) {
        List<String> clients = new CopyOnWriteArrayList<>();
        return Services.clientService().iterateAllClients((context, session) -> {
            if (!connectedOnly || session.isConnected()) {
                clients.add(session.getClientIdentifier());
            }
        }).thenCompose(listed -> CompletableFuture.allOf(clients.stream()
                .map(id -> end.apply(id).exceptionally(e -> false))  // gone meanwhile: nothing left to end
                .toArray(CompletableFuture[]::new)));
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retain) {
        if (retain && !io.fleetline.broker.DeviceAccount.withoutNamespace(topic).startsWith("$")) {
            retained.keep(topic, payload, qos);  // durable first, as for a device's retained publish
        }
        Services.publishService().publish(Builders.publish().topic(topic).qos(Qos.valueOf(qos)).retain(retain)
                .payload(ByteBuffer.wrap(payload)).build());
    }

    /** To the requester alone, under a subscription of the broker's own ({@link Replies}). */
    @Override
    public void reply(DeviceMessage request, String topic, byte[] payload, int qos) {
        replies.send(request.clientId(), topic, payload, request.qos(), qos);
    }

    @Override
    public void onDeviceMessage(String topicPrefix, DeviceMessageHandler handler) {
        reserved.register(topicPrefix, handler);
    }

    /**
     * Stops the broker of a process that is about to exit: clients are disconnected at once, and the broker's own
     * graceful stop (Netty's quiet periods: four seconds) is waited for only briefly, since the process ending closes
     * whatever is left. Nothing durable is at stake: retained messages were written before they were acknowledged,
     * and sessions live in memory anyway.
     */
    public void closeForExit() {
        rules.stop();
        try {
            forEachClient(true, id -> Services.clientService().disconnectClient(id)).get(4, TimeUnit.SECONDS);
            hive.stop().get(500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // still winding down: the exit ends it
        } catch (Exception e) {
            throw new IllegalStateException("the broker did not stop cleanly", e);
        } finally {
            reserved.close();
            DeviceTrustProvider.unregister(trustMarker);
        }
    }

    @Override
    public void close() {
        rules.stop();
        try {
            hive.stop().join();
            hive.close();
        } catch (Exception e) {
            throw new IllegalStateException("the broker did not stop cleanly", e);
        } finally {
            reserved.close();
            DeviceTrustProvider.unregister(trustMarker);
        }
    }
}
