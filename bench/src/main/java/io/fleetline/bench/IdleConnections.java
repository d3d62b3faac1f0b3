package io.fleetline.bench;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Memory per idle connection: N clients connect over mutual TLS and then do nothing (keep-alive 1200 s, so no
 * PINGREQ during the measurement). The broker's memory is read before they connect and once they all are
 * connected: for a JVM broker the live heap after a full collection (the target), for both the
 * resident set, which also holds Netty's pooled direct buffers, thread stacks and malloc arenas.
 */
final class IdleConnections {
    /** Descriptors a process needs beyond one per connection: jars, selectors, the database, logs. */
    static final int SPARE_DESCRIPTORS = 1_000;
    /** Connections per source address: below the ~28,000 ephemeral ports, with room for TIME_WAIT leftovers. */
    private static final int PER_SOURCE_ADDRESS = 20_000;
    private static int nextSourceAddress = 2;
    /** Time for the broker to finish what follows a connect or disconnect (presence events, session stores). */
    private static final long SETTLE_MILLIS = 5_000;

    private IdleConnections() {
    }

    /**
     * @param heapPerConnection live heap bytes per connection: (connected − before) / N (JVM brokers only)
     * @param heapFreedPerConnection live heap bytes per connection released by disconnecting them all:
     *                          (connected − after disconnect) / N, a cross-check of the first figure
     * @param rssPerConnection  resident bytes per connection: (connected − before) / N
     * @param heapMegabytes     live heap before, connected and after disconnect, in MB (JVM brokers only)
     * @param topClasses        the classes that grew most, with their bytes per connection (JVM brokers only)
     */
    record Result(int connections, Optional<Long> heapPerConnection, Optional<Long> heapFreedPerConnection,
                  long rssPerConnection, long rssConnected, Optional<long[]> heapMegabytes,
                  List<Map.Entry<String, Long>> topClasses) {
    }

    /** Why {@code connections} cannot be held here, when they cannot. */
    static Optional<String> doesNotFit(int connections) {
        long limit = ProcessMemory.openFileLimit();
        if (connections + SPARE_DESCRIPTORS > limit) {
            return Optional.of("needs " + (connections + SPARE_DESCRIPTORS) + " open files in the broker and in the"
                    + " load generator each; the limit here is " + limit + " (ulimit -Hn, not raisable in this container)");
        }
        return Optional.empty();
    }

    static Result run(BrokerUnderTest broker, LoadClients clients, String runId, int connections, int parallel)
            throws InterruptedException {
        int firstAddress = reserveSourceAddresses(connections);
        // a small batch first, so class loading and JIT of the connect path are not counted as per-connection
        LoadClients.disconnectAll(clients.connectAll(broker, "bench-" + runId + "-w", 200, parallel,
                i -> sourceAddress(firstAddress, 0)));
        Thread.sleep(SETTLE_MILLIS);
        Optional<Map<String, Long>> before = broker.liveHeap();
        long rssBefore = ProcessMemory.residentBytes(broker.process());
        List<Mqtt5AsyncClient> idle = clients.connectAll(broker, "bench-" + runId + "-i", connections, parallel,
                i -> sourceAddress(firstAddress, i / PER_SOURCE_ADDRESS));
        Optional<Map<String, Long>> connected;
        long rssConnected;
        try {
            Thread.sleep(SETTLE_MILLIS);
            connected = broker.liveHeap();
            rssConnected = ProcessMemory.residentBytes(broker.process());
        } finally {
            LoadClients.disconnectAll(idle);
        }
        Thread.sleep(SETTLE_MILLIS);
        Optional<Map<String, Long>> after = broker.liveHeap();
        Optional<Long> perConnection = before.flatMap(b -> connected.map(c -> (total(c) - total(b)) / connections));
        Optional<Long> freedPerConnection = after.flatMap(a -> connected.map(c -> (total(c) - total(a)) / connections));
        Optional<long[]> megabytes = before.flatMap(b -> connected.flatMap(c -> after.map(a ->
                new long[] {total(b) >> 20, total(c) >> 20, total(a) >> 20})));
        List<Map.Entry<String, Long>> top = before.flatMap(b -> connected.map(c -> growth(b, c, connections)))
                .orElse(List.of());
        return new Result(connections, perConnection, freedPerConnection, (rssConnected - rssBefore) / connections,
                rssConnected, megabytes, top);
    }

    private static long total(Map<String, Long> histogram) {
        return histogram.get("<total>");
    }

    /** The ten classes whose live bytes grew most, per connection. */
    private static List<Map.Entry<String, Long>> growth(Map<String, Long> before, Map<String, Long> after, int connections) {
        return after.entrySet().stream().filter(e -> !e.getKey().equals("<total>"))
                .map(e -> Map.entry(e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / connections))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10).toList();
    }

    /** Fresh source addresses for each run, so earlier runs' TIME_WAIT ports never collide with this one's. */
    private static synchronized int reserveSourceAddresses(int connections) {
        int first = nextSourceAddress;
        nextSourceAddress += connections / PER_SOURCE_ADDRESS + 1;
        return first;
    }

    private static InetAddress sourceAddress(int first, int offset) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (first + offset)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
