package io.fleetline.agent.internal;

import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.fleetline.protocol.jobs.JobExecution;
import io.fleetline.protocol.jobs.JobsAnswer;
import io.fleetline.protocol.jobs.JobsDeviceJson;
import io.fleetline.protocol.jobs.JobsRequest;
import io.fleetline.protocol.jobs.JobsTopic;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The jobs API as the agent calls it: each request carries a client token of its own, its answer is the one on the
 * request's {@code /accepted} or {@code /rejected} topic that echoes the token. A request not answered in time (the
 * connection went, the answer was lost) is asked again with a new token once connected, after a wait spread by the
 * agent's {@link Jitter} (a fleet whose server restarted does not ask again in step); the caller gets an answer or
 * {@link Stopped}. Subscribes to {@code notify-next} and to the answer topics of the requests it makes (AWS answers
 * only subscribers; Fleetline answers the requester anyway).
 */
final class JobsClient {
    private final String thing;
    private final MqttSession session;
    private final AgentSettings.Timing timing;
    private final Jitter jitter;
    private final String sessionId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final AtomicLong counter = new AtomicLong();
    private final Map<String, CompletableFuture<JobsAnswer>> waiting = new ConcurrentHashMap<>();

    /** The agent stopped while a request waited. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("the agent stopped", null, false, false);
        }
    }

    JobsClient(AgentSettings settings, Consumer<Optional<JobExecution>> notifyNext,
               Consumer<Boolean> onConnection) {
        this.thing = settings.thingName();
        this.timing = settings.timing();
        this.jitter = settings.jitter();
        this.session = new MqttSession(settings, this::answer, this::subscribe, onConnection);
        session.on(JobsTopic.notifyNext(thing), message -> {
            try {
                notifyNext.accept(JobsDeviceJson.notifyNext(message.getPayloadAsBytes()));
            } catch (IllegalArgumentException malformed) {
                // not the protocol's shape: nothing to act on
            }
        });
    }

    MqttSession session() {
        return session;
    }

    void connect() {
        session.connect();
    }

    /** Subscribes anew after each connection: the session starts clean. */
    private void subscribe() {
        String jobs = "$aws/things/" + thing + "/jobs/";
        for (String filter : new String[] {"notify-next", "start-next/+", "+/get/+", "+/update/+"}) {
            session.subscribe(jobs + filter);
        }
    }

    /** StartNextPendingJobExecution with the step timer. */
    JobsAnswer startNext() throws InterruptedException {
        return call(JobsTopic.startNext(thing), token -> new JobsRequest.StartNextPendingJobExecution(thing,
                Optional.empty(), Optional.of(timing.stepTimeoutMinutes()), Optional.of(token)));
    }

    /** DescribeJobExecution of a job, with its document. */
    JobsAnswer describe(String jobId) throws InterruptedException {
        return call(JobsTopic.describe(thing, jobId), token -> new JobsRequest.DescribeJobExecution(thing, jobId,
                Optional.empty(), true, Optional.of(token)));
    }

    /** UpdateJobExecution, asking for the execution's state in the answer. */
    JobsAnswer update(String jobId, io.fleetline.protocol.jobs.JobExecutionStatus status, Map<String, String> details,
                      Optional<Long> expectedVersion, Optional<Long> stepTimeoutMinutes) throws InterruptedException {
        return call(JobsTopic.update(thing, jobId), token -> new JobsRequest.UpdateJobExecution(thing, jobId, status,
                Optional.of(details), expectedVersion, Optional.empty(), stepTimeoutMinutes, true, false,
                Optional.of(token)));
    }

    private JobsAnswer call(JobsTopic topic, Function<String, JobsRequest> request) throws InterruptedException {
        while (true) {
            if (session.isClosed()) {
                throw new Stopped();
            }
            if (!session.awaitConnected(timing.answer().toMillis())) {
                continue;
            }
            String token = sessionId + "-" + counter.incrementAndGet();
            CompletableFuture<JobsAnswer> answer = new CompletableFuture<>();
            waiting.put(token, answer);
            try {
                session.publish(topic.topic(), JobsDeviceJson.request(request.apply(token)));
                return answer.get(jitter.nanos(timing.answer().toNanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException unanswered) {
                // asked again below, with a new token
            } finally {
                waiting.remove(token);
            }
        }
    }

    private void answer(Mqtt5Publish message) {
        String topic = message.getTopic().toString();
        boolean accepted = topic.endsWith("/accepted");
        if (!accepted && !topic.endsWith("/rejected")) {
            return;
        }
        try {
            String request = topic.substring(0, topic.lastIndexOf('/'));
            JobsAnswer answer = accepted
                    ? JobsDeviceJson.accepted(JobsTopic.parse(request), message.getPayloadAsBytes())
                    : JobsDeviceJson.rejected(message.getPayloadAsBytes());
            answer.clientToken().map(waiting::get).ifPresent(future -> future.complete(answer));
        } catch (RuntimeException malformed) {
            // another request's topic or an answer without the protocol's shape: no one waits for it
        }
    }

    void close() {
        session.close();
        waiting.values().forEach(f -> f.completeExceptionally(new Stopped()));
    }
}
