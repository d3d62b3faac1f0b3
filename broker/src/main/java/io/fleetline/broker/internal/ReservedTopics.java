package io.fleetline.broker.internal;

import io.fleetline.core.log.LimitedLog;
import io.fleetline.core.bus.DeviceMessage;
import io.fleetline.core.bus.DeviceMessageHandler;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * Handlers of reserved topics by prefix, in which {@code +} stands for one topic level ({@code $aws/things/+/jobs/}).
 * A message is handled off the broker's threads, and one thing's messages one after the other, in the order they
 * arrived: a device that reports IN_PROGRESS and then SUCCEEDED must not see them applied the other way round.
 */
final class ReservedTopics implements AutoCloseable {
    /** Any device can send what makes a handler fail, as often as it likes. */
    private static final LimitedLog FAILED = new LimitedLog(LoggerFactory.getLogger(ReservedTopics.class));
    private final Map<String, Registered> byPrefix = new ConcurrentSkipListMap<>();
    /**
     * How many device messages are handled at once. Virtual threads make waiting free, but the database pool is not:
     * with a fleet's worth of requests in flight (thousands), handlers waited on its 16 connections until the pool
     * gave up after 10 s and the devices were answered InternalError. Past this bound messages wait here, in order
     * and without a deadline, which is backpressure rather than failure.
     */
    static final int MAX_HANDLING = 32;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final SerialQueues queues = new SerialQueues(executor);
    private final java.util.concurrent.Semaphore handling = new java.util.concurrent.Semaphore(MAX_HANDLING, true);

    private record Registered(Pattern pattern, DeviceMessageHandler handler) {
    }

    void register(String prefix, DeviceMessageHandler handler) {
        String regex = java.util.Arrays.stream(prefix.split("/", -1))
                .map(level -> level.equals("+") ? "[^/]+" : Pattern.quote(level))
                .collect(java.util.stream.Collectors.joining("/"));
        if (byPrefix.putIfAbsent(prefix, new Registered(Pattern.compile(regex), handler)) != null) {
            throw new IllegalStateException("two handlers for " + prefix);
        }
    }

    /** The handler of the longest prefix that starts the topic. */
    Optional<DeviceMessageHandler> handlerFor(String topic) {
        return byPrefix.entrySet().stream().filter(e -> e.getValue().pattern().matcher(topic).lookingAt())
                .max((a, b) -> Integer.compare(a.getKey().length(), b.getKey().length()))
                .map(e -> e.getValue().handler());
    }

    void dispatch(DeviceMessageHandler handler, DeviceMessage message) {
        queues.submit(orderKey(message), () -> {
            handling.acquireUninterruptibly();
            try {
                handler.handle(message);
            } catch (RuntimeException e) {
                FAILED.error("handling {} from {} failed", message.topic(), message.clientId(), e);
            } finally {
                handling.release();
            }
        });
    }

    /**
     * What must stay in order: one thing's requests ({@code $aws/things/{thing}/...}), whichever connection sends
     * them; a gateway's connection carrying many things is not made to wait thing after thing.
     */
    static String orderKey(DeviceMessage message) {
        String namespace = message.topic().substring(0, message.topic().length()
                - io.fleetline.broker.DeviceAccount.withoutNamespace(message.topic()).length());
        String topic = message.topic().substring(namespace.length());
        if (topic.startsWith("$aws/things/")) {
            int end = topic.indexOf('/', "$aws/things/".length());
            return namespace + (end < 0 ? topic : topic.substring(0, end));
        }
        return "client:" + namespace + message.clientId();
    }

    @Override
    public void close() {
        executor.close();
    }
}
