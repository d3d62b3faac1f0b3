package io.fleetline.bench;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Connection set-up rate: new clients, each a full TLS handshake with a client certificate followed by MQTT
 * CONNECT → CONNACK, with a fixed number in progress at once. For Fleetline a CONNACK also means the
 * certificate was looked up as registered and ACTIVE and iot:Connect was evaluated against its policies.
 * The clients stay connected until the run ends, so the rate is for a broker that is filling up.
 */
final class ConnectRate {
    private ConnectRate() {
    }

    record Result(int connected, int failed, double seconds, LatencyRecorder.Summary latency, CpuUse cpu) {
        double perSecond() {
            return connected / seconds;
        }

        /** Broker CPU time per connection set up, in milliseconds. */
        double brokerMillisPerConnect() {
            return cpu.brokerSeconds() * 1e3 / Math.max(1, connected);
        }
    }

    static Result run(BrokerUnderTest broker, LoadClients clients, String runId, int count, int parallel)
            throws InterruptedException {
        LatencyRecorder recorder = new LatencyRecorder();
        Semaphore slots = new Semaphore(parallel);
        List<Mqtt5AsyncClient> connected = new ArrayList<>(count);
        List<CompletableFuture<?>> pending = new ArrayList<>(count);
        CpuUse.Meter cpu = CpuUse.start(broker.process());
        long started = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                slots.acquire();
                Mqtt5AsyncClient client = clients.client(broker, "bench-" + runId + "-c" + i, i);
                connected.add(client);
                long t0 = System.nanoTime();
                pending.add(LoadClients.connect(client).whenComplete((ack, error) -> {
                    synchronized (recorder) {
                        if (error == null) {
                            recorder.record(System.nanoTime() - t0);
                        } else {
                            recorder.fail(new RuntimeException(error));
                        }
                    }
                    slots.release();
                }).exceptionally(e -> null));
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
            double seconds = (System.nanoTime() - started) / 1e9;
            CpuUse cpuUse = cpu.stop();
            LatencyRecorder.Summary summary = LatencyRecorder.summarize(List.of(recorder), seconds);
            return new Result(summary.requests(), summary.errors(), seconds, summary, cpuUse);
        } finally {
            LoadClients.disconnectAll(connected);
        }
    }
}
