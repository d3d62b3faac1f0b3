package io.fleetline.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import io.fleetline.testkit.DeviceIdentity;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.net.ssl.TrustManagerFactory;

/**
 * The load generator's devices: HiveMQ MQTT 5 clients with mutual TLS, the same for both brokers. Client
 * {@code i} presents certificate {@code i % certificates}; policies allow any {@code bench-*} client id, so
 * several clients may share a certificate as long as their ids differ.
 *
 * <p>Every client builds its own TLS context (the HiveMQ client does so per client), so every connection is
 * a full handshake with a client certificate: no session is resumed across clients.
 */
final class LoadClients {
    /** Long enough that idle clients send no PINGREQ during a run; Fleetline allows at most 1200 s, as AWS. */
    static final int KEEP_ALIVE_SECONDS = 1200;

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final List<MqttClientSslConfig> tls;

    LoadClients(List<DeviceIdentity> devices, Path caFile) throws Exception {
        TrustManagerFactory trust = DeviceIdentity.trusting(caFile);
        List<MqttClientSslConfig> configs = new ArrayList<>();
        for (DeviceIdentity device : devices) {
            configs.add(MqttClientSslConfig.builder().keyManagerFactory(device.keyManagers())
                    .trustManagerFactory(trust).handshakeTimeout(30, TimeUnit.SECONDS).build());
        }
        this.tls = List.copyOf(configs);
    }

    /** A client that is not connected yet. */
    Mqtt5AsyncClient client(BrokerUnderTest broker, String clientId, int index) {
        return client(broker, clientId, index, LOOPBACK);
    }

    /**
     * A client whose connection leaves from {@code localAddress}: one source address has only ~28,000 ephemeral
     * ports (32768–60999), so tens of thousands of connections, plus those of earlier runs still in TIME_WAIT,
     * are spread over several loopback addresses (127.0.0.0/8 is all loopback on Linux).
     */
    Mqtt5AsyncClient client(BrokerUnderTest broker, String clientId, int index, InetAddress localAddress) {
        return MqttClient.builder().useMqttVersion5().identifier(clientId)
                .transportConfig().serverHost("127.0.0.1").serverPort(broker.port()).localAddress(localAddress)
                .sslConfig(tls.get(index % tls.size()))
                .socketConnectTimeout(30, TimeUnit.SECONDS).mqttConnectTimeout(60, TimeUnit.SECONDS)
                .applyTransportConfig()
                .buildAsync();
    }

    /** Connects with a clean start and no session kept after disconnect, as both brokers' defaults allow. */
    static CompletableFuture<Mqtt5ConnAck> connect(Mqtt5AsyncClient client) {
        return client.connectWith().cleanStart(true).noSessionExpiry().keepAlive(KEEP_ALIVE_SECONDS).send();
    }

    /**
     * Creates and connects {@code count} clients named {@code prefix + i}, at most {@code parallel} handshakes
     * at a time (a burst of thousands would only measure the accept queue).
     */
    List<Mqtt5AsyncClient> connectAll(BrokerUnderTest broker, String prefix, int count, int parallel)
            throws InterruptedException {
        return connectAll(broker, prefix, count, parallel, i -> LOOPBACK);
    }

    /** As above, client {@code i} connecting from {@code localAddress.apply(i)}. */
    List<Mqtt5AsyncClient> connectAll(BrokerUnderTest broker, String prefix, int count, int parallel,
                                      IntFunction<InetAddress> localAddress) throws InterruptedException {
        List<Mqtt5AsyncClient> clients = new ArrayList<>(count);
        Semaphore slots = new Semaphore(parallel);
        List<CompletableFuture<Mqtt5ConnAck>> pending = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            slots.acquire();
            Mqtt5AsyncClient client = client(broker, prefix + i, i, localAddress.apply(i));
            clients.add(client);
            pending.add(connect(client).whenComplete((ack, error) -> slots.release()));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        List<Throwable> failures = pending.stream().filter(CompletableFuture::isCompletedExceptionally)
                .map(f -> f.handle((ack, error) -> error).join()).toList();
        if (!failures.isEmpty()) {
            disconnectAll(clients);
            throw new IllegalStateException(failures.size() + " of " + count + " clients could not connect to "
                    + broker.name() + "; first: " + failures.get(0), failures.get(0));
        }
        return clients;
    }

    /** Disconnects every client, waiting for all. */
    static void disconnectAll(List<Mqtt5AsyncClient> clients) {
        List<CompletableFuture<Void>> pending = new ArrayList<>(clients.size());
        for (Mqtt5AsyncClient client : clients) {
            if (client.getState().isConnected()) {
                pending.add(client.disconnect().exceptionally(e -> null));
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).orTimeout(120, TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
    }
}
