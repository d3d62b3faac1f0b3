package io.fleetline.api.device;

import io.fleetline.core.bus.MessageBus;
import io.fleetline.ota.streams.StreamDelivery;
import io.fleetline.jobs.device.DeviceJobs;
import io.fleetline.protocol.jobs.JobsTopic;
import io.fleetline.protocol.shadow.ShadowTopic;
import java.time.Clock;

/**
 * The device-request dispatcher on a message bus: for each device protocol, one handler of its reserved topics that
 * gives each request to the protocol and sends the answer back with {@link MessageBus#reply}, to the client that
 * published the request and to no one else, subscribed or not, as AWS answers its jobs and streams requests; the
 * shadow service's messages instead go to every subscriber allowed to receive them ({@link MessageBus#publish}), as AWS
 * publishes them. The bus hands a thing's requests over one after the other, so its answers leave in the order it
 * asked.
 *
 * <p>Requests come only from MQTT clients: an iot-data Publish over HTTPS never reaches a protocol (there would be no
 * one to answer); over HTTPS the jobs API is the jobs data plane, served by the same {@link JobsRequests}.
 */
public final class DeviceRequests {
    /** Every thing's MQTT file stream topics. */
    public static final String STREAMS_PREFIX = "$aws/things/+/streams/";
    private static final String THINGS = "$aws/things/";
    /**
     * Streams answers go at most once, as AWS's OTA agent subscribes to its stream's data (and sends its requests): a
     * block that does not arrive is asked for again, which the protocol is made for. At least once, the broker would
     * keep every answer the device has not acknowledged, up to the length of its queue (100,000 messages): a device
     * asking for 128 KB of blocks with 40-byte requests and reading nothing held the server's heap without bound. At
     * most once, what a client cannot take now is dropped within the broker's bounded memory for such messages.
     */
    static final int STREAMS_QOS = 0;
    /** AWS IoT's highest QoS, which the jobs API answers at (or lower, see {@link MessageBus#reply}). */
    static final int MAX_QOS = 1;

    private final MessageBus bus;
    private final Clock clock;

    public DeviceRequests(MessageBus bus, Clock clock) {
        this.bus = bus;
        this.clock = clock;
    }

    /**
     * Whether {@code topic} is one of the device protocols' reserved topics (jobs, streams), which only a device's
     * MQTT connection can use: a request there is served in-process and answered to its client, an answer goes to its
     * requester alone, and {@code notify} comes from the jobs service. Shadow topics are not: their messages go to
     * every subscriber, and an iot-data Publish on a shadow's request topic is served as AWS serves it
     * ({@link #shadowProtocol}).
     */
    public static boolean isProtocolTopic(String topic) {
        if (!topic.startsWith(THINGS)) {
            return false;
        }
        int thingEnd = topic.indexOf('/', THINGS.length());
        return thingEnd > THINGS.length() && (topic.startsWith("jobs/", thingEnd + 1)
                || topic.startsWith("streams/", thingEnd + 1));
    }

    /** Serves the jobs device API on {@code $aws/things/+/jobs/}. */
    public DeviceRequests jobs(DeviceJobs jobs) {
        return register(JobsTopic.PREFIX_FILTER, new JobsOverMqtt(new JobsRequests(jobs, clock), clock));
    }

    /**
     * Serves MQTT file streams on {@code $aws/things/+/streams/}: the streams protocol's one registration. The delivery
     * reads the topic and payload and answers with the description, one data message per block, or the rejection, at
     * QoS 0 ({@link #STREAMS_QOS}).
     */
    public DeviceRequests streams(StreamDelivery delivery) {
        return register(STREAMS_PREFIX, STREAMS_QOS, message -> delivery.handle(message.topic(), message.payload())
                .stream().map(reply -> new DeviceProtocol.Reply(reply.topic(), reply.payload())).toList());
    }

    /**
     * Serves the Device Shadow service on {@code $aws/things/+/shadow/}: every answer is published to the shadow's
     * topic for all its subscribers, at QoS 1 at most (lower where their subscription is).
     */
    public DeviceRequests shadows(ShadowRequests shadows) {
        DeviceProtocol protocol = shadowProtocol(shadows, clock);
        bus.onDeviceMessage(ShadowTopic.PREFIX_FILTER, message -> protocol.serve(message)
                .forEach(reply -> bus.publish(reply.topic(), reply.payload(), MAX_QOS, false)));
        return this;
    }

    /**
     * The shadow requests as messages on their topics: what a request publishes, its rejection on {@code /rejected},
     * nothing for a topic that is no request. iot-data Publish serves shadow topics with it too.
     */
    public static DeviceProtocol shadowProtocol(ShadowRequests shadows, Clock clock) {
        return new ShadowOverMqtt(shadows, clock);
    }

    /** Whether {@code topic} is a shadow's request topic ({@code .../shadow/update}, {@code .../shadow/name/n/get}). */
    public static boolean isShadowRequest(String topic) {
        return ShadowTopic.parse(topic).isPresent();
    }

    /**
     * Serves a protocol on the topics that start with {@code topicPrefix} ({@code +} standing for one level), answering
     * at QoS 1 at most. Its answers must be topics of the shape {@link MessageBus#reply} takes.
     */
    public DeviceRequests register(String topicPrefix, DeviceProtocol protocol) {
        return register(topicPrefix, MAX_QOS, protocol);
    }

    /**
     * Answers at {@code maxQos} at most: at the request's QoS, or at that of the client's own subscription to the answer
     * when it has one (see {@link MessageBus#reply}).
     */
    private DeviceRequests register(String topicPrefix, int maxQos, DeviceProtocol protocol) {
        bus.onDeviceMessage(topicPrefix, message -> protocol.serve(message)
                .forEach(reply -> bus.reply(message, reply.topic(), reply.payload(), maxQos)));
        return this;
    }
}
