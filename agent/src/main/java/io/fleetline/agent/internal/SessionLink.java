package io.fleetline.agent.internal;

import io.fleetline.agent.internal.firmware.StreamLink;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** The MQTT session as stream downloads use it: each call waits for the server's acknowledgement, bounded. */
final class SessionLink implements StreamLink {
    private final MqttSession session;
    private final long timeoutMillis;

    SessionLink(MqttSession session, long timeoutMillis) {
        this.session = session;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void listen(String topic, Consumer<byte[]> payloads) throws IOException, InterruptedException {
        session.on(topic, message -> payloads.accept(message.getPayloadAsBytes()));
        await(session.subscribe(topic), "subscribe to " + topic);
    }

    @Override
    public void forget(String topic) {
        session.forget(topic);
        session.unsubscribe(topic).exceptionally(e -> null);
    }

    @Override
    public void publish(String topic, byte[] payload) throws IOException, InterruptedException {
        if (!session.awaitConnected(timeoutMillis)) {
            throw new IOException("not connected");
        }
        await(session.publish(topic, payload), "publish to " + topic);
    }

    private void await(CompletableFuture<?> sent, String what) throws IOException, InterruptedException {
        try {
            sent.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot " + what + ": " + e, e);
        }
    }
}
