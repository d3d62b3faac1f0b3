package io.fleetline.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * QoS 1 messages from P publishers to S subscribers through one broker: 1→1, fan-in (P→1) and fan-out (1→S).
 *
 * <p>The load is a closed loop: each publisher keeps at most a fixed number of deliveries outstanding
 * (published but not yet received by every subscriber), so the broker's queues stay short and no run can
 * overflow its 100,000-message queues. Throughput is what came out of the broker per second, counted from
 * the first publish to the last delivery; latency is publish call → delivery callback, on this machine's
 * monotonic clock (publisher and subscriber share the JVM). At saturation, latency is roughly the
 * outstanding deliveries divided by the throughput (Little's law), so it compares brokers only at equal load.
 */
final class MessageFlow {
    static final int PAYLOAD_BYTES = 100;
    /**
     * A broker that drops an acknowledged message would keep its permits forever and slowly starve its publisher,
     * measuring the drop instead of the throughput; after this long (the broker comparison's default) the deliveries
     * it still owes count as lost (they stay in {@code lost}) and its permits go back.
     */
    private static final Duration GIVE_UP = Duration.ofSeconds(2);

    /** Who sends to whom: {@code publishers} clients each publish to their own topic; every subscriber gets all. */
    record Shape(String name, int publishers, int subscribers) {
        String label() {
            return publishers + "→" + subscribers;
        }
    }

    /**
     * One run's figures. Lost = acknowledged by the broker times subscribers, minus what arrived. The CPU
     * figures are for the whole run (first publish to drained) of the broker process and of this JVM (the load
     * generator), so it shows who had the machine's two cores. {@code subscriberSeconds}: from the first publish
     * to the last delivery of each subscriber that received every acknowledged message; {@code incompleteSubscribers}:
     * the others.
     */
    record Result(long published, long delivered, long lost, long refused, double seconds, LatencyRecorder.Summary latency,
                  CpuUse cpu, List<Double> subscriberSeconds, int incompleteSubscribers) {
        double publishesPerSecond() {
            return published / seconds;
        }

        double deliveriesPerSecond() {
            return delivered / seconds;
        }

        /** Broker CPU time per delivered message, in microseconds. */
        double brokerMicrosPerDelivery() {
            return cpu.brokerSeconds() * 1e6 / Math.max(1, delivered);
        }
    }

    /**
     * How a run is bounded and loaded: for at most {@code duration} or {@code maxMessages} publishes (all
     * publishers together), with at most {@code outstandingDeliveries} deliveries owed at once, payloads of
     * {@code payloadBytes} (at least 20: send time, publisher, message id), published at QoS 1 to subscriptions of
     * {@code subscriptionQos}; a message acknowledged {@code giveUp} ago and still not delivered everywhere is lost.
     */
    record Load(Duration duration, long maxMessages, int outstandingDeliveries, int payloadBytes, MqttQos subscriptionQos,
                Duration giveUp) {
        /** The broker comparison's load: 100-byte payloads, QoS 1 subscriptions, lost after 2 s. */
        Load(Duration duration, long maxMessages, int outstandingDeliveries) {
            this(duration, maxMessages, outstandingDeliveries, PAYLOAD_BYTES, MqttQos.AT_LEAST_ONCE, GIVE_UP);
        }
    }

    private final BrokerUnderTest broker;
    private final LoadClients clients;
    private final Shape shape;
    private final String runId;
    private final Load load;
    private final Semaphore[] permits;
    private final List<Subscriber> receivers = new ArrayList<>();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final AtomicLong pendingAcks = new AtomicLong();
    private final AtomicLong lastDelivery = new AtomicLong();
    private final List<Mqtt5AsyncClient> clientsByIndex = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong[] sent;
    private volatile long deadline;
    private volatile long maxPerPublisher;
    /** Messages published and not yet delivered to every subscriber, by message id. */
    private final java.util.concurrent.ConcurrentHashMap<Long, InFlight> inFlight = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();

    /**
     * A message on its way: its publisher, the deliveries still owed (each holds one of the publisher's permits),
     * and when the broker acknowledged it (0 until then).
     */
    private record InFlight(int publisher, java.util.concurrent.atomic.AtomicInteger owed,
                            java.util.concurrent.atomic.AtomicLong ackedAt) {
    }

    /** One subscriber's latencies, deliveries and when its last delivery came. */
    private record Subscriber(LatencyRecorder recorder, AtomicLong received, AtomicLong lastAt) {
    }

    private MessageFlow(BrokerUnderTest broker, LoadClients clients, Shape shape, String runId, Load load) {
        this.broker = broker;
        this.clients = clients;
        this.shape = shape;
        this.runId = runId;
        this.load = load;
        int outstanding = load.outstandingDeliveries();
        // a publish costs one permit per subscriber; each delivery gives one back to its publisher
        int perPublisher = Math.max(1, outstanding / shape.publishers() / shape.subscribers()) * shape.subscribers();
        this.permits = new Semaphore[shape.publishers()];
        this.sent = new AtomicLong[shape.publishers()];
        for (int i = 0; i < permits.length; i++) {
            permits[i] = new Semaphore(perPublisher);
            sent[i] = new AtomicLong();
        }
    }

    static Result run(BrokerUnderTest broker, LoadClients clients, Shape shape, String runId, Load load)
            throws InterruptedException {
        return new MessageFlow(broker, clients, shape, runId, load).run();
    }

    private String topicPrefix() {
        return "bench/" + runId + "/t/";
    }

    private Result run() throws InterruptedException {
        List<Mqtt5AsyncClient> subscribers = clients.connectAll(broker, "bench-" + runId + "-s", shape.subscribers(), 32);
        List<Mqtt5AsyncClient> publishers = List.of();
        try {
            subscribe(subscribers);
            publishers = clients.connectAll(broker, "bench-" + runId + "-p", shape.publishers(), 32);
            long perPublisher = Math.max(1, load.maxMessages() / shape.publishers());
            deadline = System.nanoTime() + load.duration().toNanos();
            CpuUse.Meter cpu = CpuUse.start(broker.process());
            long started = System.nanoTime();
            lastDelivery.set(started);
            publishers.forEach(client -> clientsByIndex.add(client));
            this.maxPerPublisher = perPublisher;
            Thread sweeper = Thread.ofPlatform().daemon().name("loss-sweeper").start(this::sweepLosses);
            for (int p = 0; p < publishers.size(); p++) {
                pump(p);
            }
            // the run is driven by the clients' callbacks: each delivery lets its publisher send the next message
            long budget = perPublisher * publishers.size();
            while (System.nanoTime() < deadline && java.util.Arrays.stream(sent).mapToLong(AtomicLong::get).sum() < budget) {
                Thread.sleep(5);
            }
            awaitDrain();
            sweeper.interrupt();
            CpuUse cpuUse = cpu.stop();
            long published = acknowledged.sum() + refused.sum();
            long expected = acknowledged.sum() * shape.subscribers();
            double seconds = (Math.max(lastDelivery.get(), started + 1) - started) / 1e9;
            List<Double> subscriberSeconds = receivers.stream().filter(s -> s.received().get() >= acknowledged.sum())
                    .map(s -> Math.max(0, s.lastAt().get() - started) / 1e9).toList();
            int incomplete = receivers.size() - subscriberSeconds.size();
            return new Result(published, delivered.sum(), Math.max(0, expected - delivered.sum()), refused.sum(),
                    seconds, LatencyRecorder.summarize(receivers.stream().map(Subscriber::recorder).toList(),
                    seconds), cpuUse, subscriberSeconds, incomplete);
        } finally {
            LoadClients.disconnectAll(publishers);
            LoadClients.disconnectAll(subscribers);
        }
    }

    private void subscribe(List<Mqtt5AsyncClient> subscribers) {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (Mqtt5AsyncClient client : subscribers) {
            Subscriber subscriber = new Subscriber(new LatencyRecorder(), new AtomicLong(), new AtomicLong());
            receivers.add(subscriber);
            acks.add(client.subscribeWith().topicFilter(topicPrefix() + "+").qos(load.subscriptionQos())
                    .callback(message -> received(message, subscriber)).send());
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
    }

    /** The payload: send time (ns), publisher index, message id, zero padding to the load's payload size. */
    private byte[] payload(int publisher, long id) {
        return ByteBuffer.allocate(load.payloadBytes()).putLong(System.nanoTime()).putInt(publisher).putLong(id).array();
    }

    /** Gives back the permits of messages acknowledged long ago and still not delivered. */
    private void sweepLosses() {
        while (!Thread.currentThread().isInterrupted()) {
            long now = System.nanoTime();
            inFlight.forEach((id, message) -> {
                long acked = message.ackedAt().get();
                if (acked != 0 && now - acked > load.giveUp().toNanos() && inFlight.remove(id, message)) {
                    int owed = message.owed().getAndSet(0);
                    if (owed > 0) {
                        permits[message.publisher()].release(owed);
                        pump(message.publisher());
                    }
                }
            });
            try {
                Thread.sleep(100);  // the sweep's own pace, not a wait for another thread
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void received(Mqtt5Publish message, Subscriber subscriber) {
        long now = System.nanoTime();
        ByteBuffer payload = ByteBuffer.wrap(message.getPayloadAsBytes());
        long sent = payload.getLong();
        int publisher = payload.getInt();
        long id = payload.getLong();
        synchronized (subscriber.recorder()) {
            subscriber.recorder().record(now - sent);
        }
        subscriber.received().incrementAndGet();
        subscriber.lastAt().accumulateAndGet(now, Math::max);
        delivered.increment();
        lastDelivery.accumulateAndGet(now, Math::max);
        InFlight owed = inFlight.get(id);
        if (owed != null && owed.owed().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            if (owed.owed().get() == 0) {
                inFlight.remove(id, owed);
            }
            permits[publisher].release();
            pump(publisher);
        }
    }

    /**
     * Sends publisher {@code index}'s next messages while its window allows, until the deadline or its message
     * budget. Called at the start and from the callbacks that free window space, so no thread blocks on the
     * window: the load generator spends its CPU on MQTT and TLS, not on waking publisher threads.
     */
    private void pump(int index) {
        Semaphore window = permits[index];
        Mqtt5AsyncClient client = clientsByIndex.get(index);
        String topic = topicPrefix() + index;
        while (System.nanoTime() < deadline && sent[index].get() < maxPerPublisher
                && window.tryAcquire(shape.subscribers())) {
            sent[index].incrementAndGet();
            pendingAcks.incrementAndGet();
            long id = nextId.incrementAndGet();
            InFlight message = new InFlight(index, new java.util.concurrent.atomic.AtomicInteger(shape.subscribers()),
                    new AtomicLong());
            inFlight.put(id, message);
            client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload(index, id)).send()
                    .whenComplete((result, error) -> {
                        if (error != null || result.getError().isPresent()) {
                            refused.increment();
                            inFlight.remove(id);
                            window.release(message.owed().getAndSet(0));  // nothing will be delivered for it
                            pendingAcks.decrementAndGet();
                            pump(index);
                        } else {
                            message.ackedAt().set(System.nanoTime());
                            acknowledged.increment();
                            pendingAcks.decrementAndGet();
                        }
                    });
        }
    }

    /** Waits until every acknowledged message has reached every subscriber, or 10 s pass with nothing new. */
    private void awaitDrain() throws InterruptedException {
        long lastCount = -1;
        long idleSince = System.nanoTime();
        while (true) {
            long count = delivered.sum();
            boolean acksDone = pendingAcks.get() == 0;
            // done when everything arrived, or what did not was given up on (see Load.giveUp)
            if (acksDone && (count >= acknowledged.sum() * shape.subscribers() || inFlight.isEmpty())) {
                return;
            }
            if (count != lastCount) {
                lastCount = count;
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince > TimeUnit.SECONDS.toNanos(10)) {
                return;
            }
            Thread.sleep(5);
        }
    }
}
