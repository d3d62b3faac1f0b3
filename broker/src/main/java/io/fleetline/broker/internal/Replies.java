package io.fleetline.broker.internal;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.Publish;
import com.hivemq.extension.sdk.api.services.publish.PublishToClientResult;
import io.fleetline.broker.DeviceAccount;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.log.LimitedLog;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/**
 * Answers to a device's requests, delivered to that device alone as AWS delivers the jobs and streams responses:
 * whether or not it subscribed to the answer's topic, and to no other subscriber of it.
 *
 * <p>HiveMQ's {@code publishToClient} sends to one client only, but only under one of its subscriptions that matches
 * the topic (it answers {@code NOT_SUBSCRIBED} otherwise). So the requester is given, at its first answer that no
 * subscription of its own matches, a subscription of the broker's own that covers answers and nothing else:
 * {@code $aws/things/{thing}/{service}/} followed by one {@code +} per further level of the answer's topic
 * ({@code $aws/things/t/jobs/+/+} for {@code jobs/get/accepted}, {@code jobs/+/+/+} for
 * {@code jobs/j-1/update/accepted}, {@code streams/+/+/+} for {@code streams/s-1/data/cbor}). Answers have at least
 * two levels after the service, and the services' broadcasts ({@code jobs/notify}, {@code jobs/notify-next}) one: no
 * broadcast matches such a filter. What the server publishes to everyone goes on reaching only the subscribers it
 * did; a device's own publishes to these topics are requests, which the broker consumes. An answer under a
 * subscription of the client's own goes without the broker's (one subscription fewer for HiveMQ to match at each of a
 * download's thousands of blocks); should the client drop its own meanwhile, HiveMQ answers {@code NOT_SUBSCRIBED}
 * and the broker's is added then. Where the client holds both, HiveMQ merges them into one delivery: an answer never
 * arrives twice.
 *
 * <p>The QoS: MQTT delivers a message at most at the QoS of the subscription it arrives under, so an answer to a
 * client that subscribed to it goes at the QoS of that subscription (AWS's OTA agent takes its blocks at QoS 0), and
 * one to a client that did not at the QoS of its request; never above what the protocol answers at (streams: 0, so a
 * device that asks and does not read cannot make the broker keep its answers) nor above 1. The broker's own filter, at QoS 1, never
 * raises it: HiveMQ delivers at the lower of the publish's QoS and the subscriptions'.
 *
 * <p>The subscription is the connection's like any other: {@code iot:Receive} on an answer's topic is decided here
 * (at the first answer on the topic, and again after every policy change), and the connection's
 * {@link ReceiveGate} and {@link DollarTopics} know the filter, so the delivery checks treat it as they treat the
 * client's own. No {@code iot:Subscribe} is asked: AWS answers a device that subscribed to nothing.
 */
final class Replies {
    private static final LimitedLog FAILED = new LimitedLog(LoggerFactory.getLogger(Replies.class));
    private static final String THINGS = "$aws/things/";
    /** {@code $aws}, {@code things}, the thing and the service: the levels a reply filter keeps. */
    private static final int KEPT_LEVELS = 4;
    private static final long ADD_TIMEOUT_SECONDS = 10;

    private final DeviceSessions sessions;

    Replies(DeviceSessions sessions) {
        this.sessions = sessions;
    }

    /**
     * Sends {@code payload} on {@code topic} (the broker's name for it) to {@code clientId} (the broker's), if it is
     * connected and may receive on the topic: at the QoS of the client's own subscription that matches the topic if it
     * has one ({@link OwnSubscriptions}), else at {@code requestQos}, never above {@code maxQos} ({@link #qosOf}).
     * Returns once the message is handed to the broker: answers to one client, sent one after the other, leave in that
     * order.
     */
    void send(String clientId, String topic, byte[] payload, int requestQos, int maxQos) {
        Optional<DeviceSession> session = sessions.get(clientId);
        if (session.isEmpty()) {
            return;  // gone: MQTT has no one to answer
        }
        ReplyFilters.Answer answer = decide(session.get(), topic);
        if (!answer.receives()) {
            return;  // as any delivery its policy refuses
        }
        int own = session.get().ownSubscriptions().qosFor(answer.deviceTopic());
        if (own == OwnSubscriptions.NONE && !admitted(session.get(), answer.filter())) {
            return;
        }
        Publish publish = Builders.publish().topic(topic).qos(Qos.valueOf(qosOf(own, requestQos, maxQos)))
                .payload(ByteBuffer.wrap(payload)).build();
        Services.publishService().publishToClient(publish, clientId).whenComplete((result, failed) -> {
            if (failed != null) {
                FAILED.warn("could not answer {} on {}: {}", clientId, topic, failed.getMessage());
            } else if (result == PublishToClientResult.NOT_SUBSCRIBED) {
                // the client unsubscribed the broker's filter (it may) or its own: give the broker's back once, answer
                session.get().replyFilters().forget(answer.filter());
                if (admitted(session.get(), answer.filter())) {
                    Services.publishService().publishToClient(publish, clientId);
                }
            }
        });
    }

    /**
     * The QoS an answer goes at: that of the client's own subscription matching it ({@code own}, or
     * {@link OwnSubscriptions#NONE}), else the request's; never above the protocol's {@code maxQos}, nor above 1.
     */
    static int qosOf(int own, int requestQos, int maxQos) {
        return Math.min(Math.min(maxQos, 1), own == OwnSubscriptions.NONE ? requestQos : own);
    }

    /**
     * The filter answers on {@code topic} go under and whether the client may receive them: decided at the first
     * answer on it and again after each policy change ({@link DeviceSessions#generation()}), not at every answer.
     */
    private ReplyFilters.Answer decide(DeviceSession session, String topic) {
        long generation = sessions.generation();
        Optional<ReplyFilters.Answer> known = session.replyFilters().decided(topic, generation);
        if (known.isPresent()) {
            return known.get();
        }
        DeviceAccount account = session.account();
        String deviceTopic = account.outside(topic);
        boolean receives = sessions.allows(session.clientId(), "iot:Receive",
                account.scope().arn(ResourceType.TOPIC, deviceTopic));
        return session.replyFilters().decide(topic,
                new ReplyFilters.Answer(deviceTopic, filterFor(deviceTopic), receives, generation));
    }

    /** Whether the connection holds the reply filter, added now if it did not. */
    private boolean admitted(DeviceSession session, String filter) {
        try {
            session.replyFilters().admit(filter, f -> add(session, f)).get(ADD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            // a client that disconnected meanwhile has no session to add to
            FAILED.warn("could not give {} the reply filter {}: {}", session.clientId(), filter, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Gated before it is added, as the client's own subscriptions are before they are acknowledged. */
    private CompletableFuture<Void> add(DeviceSession session, String filter) {
        session.receiveGate().ifPresent(gate ->
                gate.subscribed(filter, sessions.permissions(session.clientId()).orElse(session.permissions())));
        session.dollarTopics().ifPresent(dollar -> dollar.subscribed(filter));
        return Services.subscriptionStore().addSubscription(session.clientId(), Builders.topicSubscription()
                .topicFilter(DeviceRules.insideFilter(session.account(), filter)).qos(Qos.AT_LEAST_ONCE).build());
    }

    /** Whether a filter has a reply filter's shape ({@link #filterFor}): a thing's service, then {@code +} only. */
    static boolean isReplyFilter(String filter) {
        String[] levels = filter.split("/", -1);
        if (!filter.startsWith(THINGS) || levels.length < KEPT_LEVELS + 2 || levels[2].isEmpty()) {
            return false;
        }
        for (int i = KEPT_LEVELS; i < levels.length; i++) {
            if (!levels[i].equals("+")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The filter answers on {@code topic} (as the device names it) arrive under.
     *
     * @throws IllegalArgumentException when the topic is not an answer's: a thing's service and two levels or more
     */
    static String filterFor(String topic) {
        String[] levels = topic.split("/", -1);
        if (!topic.startsWith(THINGS) || levels.length < KEPT_LEVELS + 2 || levels[2].isEmpty()) {
            throw new IllegalArgumentException("not the topic of an answer to a device's request: " + topic);
        }
        StringBuilder filter = new StringBuilder(String.join("/", java.util.Arrays.copyOf(levels, KEPT_LEVELS)));
        for (int i = KEPT_LEVELS; i < levels.length; i++) {
            filter.append("/+");
        }
        return filter.toString();
    }
}
