package io.fleetline.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Things reporting their state over MQTT as a device does: each publishes {@code $aws/things/{name}/shadow/update}
 * (QoS 1) with a new reported battery level, waits for {@code /update/accepted} and reports again, for as long as a
 * run lasts. Several things share a connection, as behind a gateway: the open-file limit here caps connections, not
 * things.
 */
final class MqttShadowDevices implements AutoCloseable {
    private static final String THINGS = "$aws/things/";
    private final List<Mqtt5AsyncClient> clients = new ArrayList<>();
    /** Per thing: when its pending update was sent (nanoTime). */
    private AtomicLongArray sentAt = new AtomicLongArray(0);
    private Mqtt5AsyncClient[] clientOf = new Mqtt5AsyncClient[0];
    private final AtomicInteger sequence = new AtomicInteger();
    private volatile Run run;

    /** One run: until {@code end}, accepted updates recorded with their latency. */
    private static final class Run {
        final long end;
        final LatencyRecorder latencies = new LatencyRecorder();
        final AtomicInteger rejected = new AtomicInteger();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final AtomicInteger open;

        Run(long end, int things) {
            this.end = end;
            this.open = new AtomicInteger(things);
        }
    }

    /** Connects things {@code dev-0000000} on, {@code perConnection} on each connection (client id dev-conn-N). */
    void connect(LoadClients load, BrokerUnderTest broker, int count, int perConnection, int parallel) throws Exception {
        sentAt = new AtomicLongArray(count);
        clientOf = new Mqtt5AsyncClient[count];
        Semaphore slots = new Semaphore(parallel);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int first = 0, connection = 0; first < count; first += perConnection, connection++) {
            slots.acquire();
            Mqtt5AsyncClient client = load.client(broker, String.format("dev-conn-%06d", connection), connection);
            clients.add(client);
            List<Mqtt5Subscription> subscriptions = new ArrayList<>();
            for (int i = first; i < Math.min(count, first + perConnection); i++) {
                clientOf[i] = client;
                for (String answer : List.of("accepted", "rejected")) {
                    subscriptions.add(Mqtt5Subscription.builder().topicFilter(topic(i) + "/" + answer)
                            .qos(MqttQos.AT_LEAST_ONCE).build());
                }
            }
            CompletableFuture<?> subscribed = LoadClients.connect(client).thenCompose(ack -> client.subscribeWith()
                    .addSubscriptions(subscriptions).callback(this::on).send());
            pending.add(subscribed.whenComplete((r, e) -> slots.release()));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
    }

    /** Every thing reports, one update at a time, for {@code seconds}; answers once the last pending one is back. */
    Result run(int seconds) throws Exception {
        Run current = new Run(System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds), clientOf.length);
        run = current;
        long started = System.nanoTime();
        for (int i = 0; i < clientOf.length; i++) {
            publish(i);
        }
        current.done.get(seconds + 120L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - started) / 1e9;
        LatencyRecorder.Summary s = LatencyRecorder.summarize(List.of(current.latencies), elapsed);
        return new Result(s, current.rejected.get());
    }

    record Result(LatencyRecorder.Summary accepted, int rejected) {
    }

    private static String topic(int thing) {
        return THINGS + SearchFleet.name(thing) + "/shadow/update";
    }

    private void publish(int thing) {
        sentAt.set(thing, System.nanoTime());
        String payload = "{\"state\":{\"reported\":{\"battery\":" + (sequence.incrementAndGet() % 100) + "}}}";
        clientOf[thing].publishWith().topic(topic(thing)).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    private void on(Mqtt5Publish message) {
        String topic = message.getTopic().toString();
        int thing = Integer.parseInt(topic.substring(THINGS.length() + "dev-".length(), topic.indexOf('/',
                THINGS.length())));
        Run current = run;
        long now = System.nanoTime();
        if (topic.endsWith("/accepted")) {
            synchronized (current.latencies) {
                current.latencies.record(now - sentAt.get(thing));
            }
        } else {
            current.rejected.incrementAndGet();
        }
        if (now < current.end) {
            publish(thing);
        } else if (current.open.decrementAndGet() == 0) {
            current.done.complete(null);
        }
    }

    @Override
    public void close() {
        LoadClients.disconnectAll(clients);
    }
}
