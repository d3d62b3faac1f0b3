package io.fleetline.bench;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * N devices downloading the same stream file at once over MQTT with mutual TLS (the load generator's HiveMQ
 * clients), each a {@link StreamDownload}. Device {@code i} is thing {@code thingPrefix + i} and uses that name as
 * its client id, so a policy may name its topics with {@code ${iot:Connection.Thing.ThingName}}. All connect and
 * subscribe first; the clock starts when every device sends its first request.
 */
final class StreamDevices {
    private StreamDevices() {
    }

    /** How long the devices may take in all, and how long one waits without a new block before asking again. */
    record Limits(Duration timeout, Duration idle) {
    }

    /** The run's figures, and the QoS most messages came at (the server's choice, up to the subscription's or not). */
    record Result(Transfer transfer, MqttQos deliveredAt) {
    }

    static Result run(BrokerUnderTest server, LoadClients load, String thingPrefix, int devices,
                        StreamDownload.Plan plan, Limits limits) throws InterruptedException {
        List<Mqtt5AsyncClient> clients = load.connectAll(server, thingPrefix, devices, 32);
        try {
            StreamDownload.Counters counters = StreamDownload.Counters.create();
            CountDownLatch done = new CountDownLatch(devices);
            Map<StreamDownload, String> failures = new ConcurrentHashMap<>();
            List<StreamDownload> downloads = new ArrayList<>(devices);
            List<CompletableFuture<?>> subscribed = new ArrayList<>(devices);
            for (int i = 0; i < devices; i++) {
                Mqtt5AsyncClient client = clients.get(i);
                String requestTopic = StreamDownload.topic(thingPrefix + i, plan.streamId(), "get/cbor");
                StreamDownload download = new StreamDownload(thingPrefix + i, plan, counters,
                        request -> client.publishWith().topic(requestTopic).qos(plan.qos()).payload(request).send(),
                        (d, failure) -> {
                            failure.ifPresent(reason -> failures.put(d, reason));
                            done.countDown();
                        });
                downloads.add(download);
                client.publishes(MqttGlobalPublishFilter.ALL, message -> {
                    counters.byQos().incrementAndGet(message.getQos().getCode());
                    download.on(message.getTopic().toString(), message.getPayloadAsBytes());
                });
                subscribed.add(client.subscribeWith()
                        .topicFilter(StreamDownload.topic(thingPrefix + i, plan.streamId(), "data/cbor"))
                        .qos(plan.qos()).send());
            }
            CompletableFuture.allOf(subscribed.toArray(CompletableFuture[]::new)).join();

            CpuUse.Meter cpu = CpuUse.start(server.process());
            long started = System.nanoTime();
            downloads.forEach(d -> d.start(started));
            Thread watchdog = Thread.ofPlatform().daemon().name("stream-idle").start(() -> watch(downloads, limits));
            boolean all = done.await(limits.timeout().toSeconds(), TimeUnit.SECONDS);
            CpuUse used = cpu.stop();
            watchdog.interrupt();
            List<Double> completions = downloads.stream().filter(d -> d.isOver() && !failures.containsKey(d))
                    .map(StreamDownload::seconds).toList();
            double seconds = all ? completions.stream().mapToDouble(Double::doubleValue).max().orElse(used.wallSeconds())
                    : used.wallSeconds();
            Transfer transfer = new Transfer("fleetline stream", devices, counters.uniqueBytes().sum(), seconds,
                    completions, devices - completions.size(), used, notes(counters, failures, all, limits));
            MqttQos most = counters.byQos().get(1) > counters.byQos().get(0) ? MqttQos.AT_LEAST_ONCE : MqttQos.AT_MOST_ONCE;
            return new Result(transfer, most);
        } finally {
            LoadClients.disconnectAll(clients);
        }
    }

    /** Asks again for missing blocks of devices that waited out the idle timeout. */
    private static void watch(List<StreamDownload> downloads, Limits limits) {
        long idle = limits.idle().toNanos();
        while (!Thread.currentThread().isInterrupted()) {
            long now = System.nanoTime();
            downloads.forEach(d -> d.checkIdle(now, idle));
            try {
                Thread.sleep(250);  // the watchdog's own pace, not a wait for another thread
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static List<String> notes(StreamDownload.Counters counters, Map<StreamDownload, String> failures,
                                      boolean all, Limits limits) {
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "%,d get requests, %,d of them re-requests after %d s idle; %,d duplicate"
                        + " blocks; messages received at QoS 0/1/2: %,d/%,d/%,d", counters.requests().sum(),
                counters.reRequests().sum(), limits.idle().toSeconds(), counters.duplicates().sum(),
                counters.byQos().get(0), counters.byQos().get(1), counters.byQos().get(2)));
        if (!all) {
            notes.add("NOT all devices finished within " + limits.timeout().toSeconds() + " s");
        }
        if (counters.malformed().sum() > 0) {
            notes.add(counters.malformed().sum() + " malformed messages");
        }
        Optional<String> first = failures.values().stream().findFirst();
        first.ifPresent(reason -> notes.add(failures.size() + " devices failed; one: " + reason));
        return notes;
    }
}
