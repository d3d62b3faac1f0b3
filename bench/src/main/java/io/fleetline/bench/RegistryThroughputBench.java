package io.fleetline.bench;

import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * Registry throughput through the real HTTP path: the AWS SDK for Java v2 creating and describing things
 * with 1, 8 and 64 concurrent clients, on SQLite and PostgreSQL. Server and clients share this machine.
 *
 * <p>Usage: {@code bench/run registry [--stores sqlite,postgresql] [--clients 1,8,64] [--seconds 10]}
 */
public final class RegistryThroughputBench {

    public static void main(String[] args) throws Exception {
        List<Store> stores = List.of(Store.SQLITE, Store.POSTGRESQL);
        int[] clients = {1, 8, 64};
        int seconds = 10;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--stores" -> stores = java.util.Arrays.stream(args[i + 1].split(","))
                        .map(s -> Store.valueOf(s.toUpperCase(Locale.ROOT))).toList();
                case "--clients" -> clients = java.util.Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf("%-10s %-14s %7s %10s %10s %9s %9s %7s%n", "store", "operation", "clients", "requests",
                "req/s", "p50 ms", "p99 ms", "errors");
        for (Store store : stores) {
            Path dir = Files.createTempDirectory("fleetline-bench");
            CREATED.set(0);
            try (TestServer server = TestServer.start(store, dir)) {
                for (int n : clients) {
                    try (IotClient iot = client(server, n)) {
                        warmUp(iot);
                        print(store, "CreateThing", n, run(n, seconds, create(iot)));
                        print(store, "DescribeThing", n, run(n, seconds, describe(iot)));
                    }
                }
            }
        }
    }

    private static final AtomicInteger CREATED = new AtomicInteger();

    private static Request create(IotClient iot) {
        return () -> {
            String name = "bench-" + CREATED.getAndIncrement();
            iot.createThing(r -> r.thingName(name));
        };
    }

    private static Request describe(IotClient iot) {
        return () -> {
            String name = "bench-" + ThreadLocalRandom.current().nextInt(CREATED.get());
            iot.describeThing(r -> r.thingName(name));
        };
    }

    private static void warmUp(IotClient iot) {
        for (int i = 0; i < 200; i++) {
            iot.listThings(r -> r.maxResults(1));
        }
    }

    private static LatencyRecorder.Summary run(int clients, int seconds, Request request) throws InterruptedException {
        List<LatencyRecorder> recorders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            LatencyRecorder recorder = new LatencyRecorder();
            recorders.add(recorder);
            threads.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    try {
                        request.send();
                    } catch (RuntimeException e) {
                        recorder.fail(e);
                        continue;
                    }
                    recorder.record(System.nanoTime() - t0);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return LatencyRecorder.summarize(recorders, (System.nanoTime() - started) / 1e9);
    }

    private static IotClient client(TestServer server, int connections) {
        return IotClient.builder()
                .endpointOverride(URI.create(server.endpoint()))
                .region(Region.of(server.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKeyId(), server.secretKey())))
                .httpClient(ApacheHttpClient.builder().maxConnections(connections).build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static void print(Store store, String operation, int clients, LatencyRecorder.Summary s) {
        System.out.printf(Locale.ROOT, "%-10s %-14s %7d %10d %10.0f %9.2f %9.2f %7d%n",
                store.name().toLowerCase(Locale.ROOT), operation, clients, s.requests(), s.perSecond(), s.p50Millis(),
                s.p99Millis(), s.errors());
        s.firstError().ifPresent(e -> System.out.println("  first error: " + e));
    }

    @FunctionalInterface
    private interface Request {
        void send();
    }
}
