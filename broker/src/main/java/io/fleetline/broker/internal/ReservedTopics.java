package io.fleetline.broker.internal;

import io.fleetline.core.bus.DeviceMessage;
import io.fleetline.core.bus.DeviceMessageHandler;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Handlers of reserved topics by prefix; a message is handled off the broker's threads. */
final class ReservedTopics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReservedTopics.class);
    private final Map<String, DeviceMessageHandler> byPrefix = new ConcurrentSkipListMap<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    void register(String prefix, DeviceMessageHandler handler) {
        if (byPrefix.putIfAbsent(prefix, handler) != null) {
            throw new IllegalStateException("two handlers for " + prefix);
        }
    }

    /** The handler of the longest prefix that starts the topic. */
    Optional<DeviceMessageHandler> handlerFor(String topic) {
        return byPrefix.entrySet().stream().filter(e -> topic.startsWith(e.getKey()))
                .max((a, b) -> Integer.compare(a.getKey().length(), b.getKey().length())).map(Map.Entry::getValue);
    }

    void dispatch(DeviceMessageHandler handler, DeviceMessage message) {
        executor.execute(() -> {
            try {
                handler.handle(message);
            } catch (RuntimeException e) {
                LOG.error("handling {} from {} failed", message.topic(), message.clientId(), e);
            }
        });
    }

    @Override
    public void close() {
        executor.close();
    }
}
