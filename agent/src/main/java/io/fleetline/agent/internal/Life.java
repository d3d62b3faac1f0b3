package io.fleetline.agent.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.agent.AgentListener.SimulatedCrash;
import io.fleetline.agent.BootSlots;
import io.fleetline.agent.JobHandler;
import io.fleetline.agent.JobHandler.Outcome;
import io.fleetline.agent.internal.firmware.FirmwareHandler;
import io.fleetline.protocol.jobs.JobExecution;
import io.fleetline.protocol.jobs.JobExecutionStatus;
import io.fleetline.protocol.jobs.JobsAnswer;
import io.fleetline.protocol.jobs.JobsResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent between two boots: connects, finishes (or abandons) the job its journal names, then takes jobs one after
 * another (StartNextPendingJobExecution), waiting on {@code notify-next} when there is none. Each job's document is
 * read once, strictly ({@link JobDocuments}), and the tree handed to the built-in handlers.
 */
final class Life {
    private static final Logger LOG = Logger.getLogger(Life.class.getName());

    /** How a life ended. */
    enum End { STOPPED, CRASHED, REBOOTED }

    private final AgentSettings settings;
    private final List<JobHandler> handlers;
    private final Journal journal;
    private final JobsClient client;
    /** Released when there may be a job to take: notify-next named one, or the connection came (back). */
    private final Semaphore wake = new Semaphore(0);

    /** @param reboot the device's reboot (nothing for the built-in one: the agent starts again by itself) */
    Life(AgentSettings settings, BootSlots slots, Runnable reboot) {
        this.settings = settings;
        this.journal = new Journal(settings.stateDirectory(), settings.files());
        this.client = new JobsClient(settings, next -> {
            if (next.isPresent()) {
                wake.release();
            }
        }, this::connection);
        List<JobHandler> all = new ArrayList<>();
        all.add(new FirmwareHandler(settings, slots, reboot,
                new SessionLink(client.session(), settings.timing().answer().toMillis())));
        all.add(DeviceClientSetup.handler(settings, reboot));
        all.addAll(settings.handlers());
        this.handlers = List.copyOf(all);
    }

    private void connection(boolean up) {
        if (up) {
            wake.release();
        }
        try {
            settings.listener().onConnection(up);
        } catch (RuntimeException e) {
            if (e instanceof SimulatedCrash) {
                stop();
            }
        }
    }

    JobsClient client() {
        return client;
    }

    End run() {
        client.connect();
        try {
            Optional<Journal.Entry> left = journal.current();
            if (left.isPresent() && resume(left.get()) == End.REBOOTED) {
                return End.REBOOTED;
            }
            while (true) {
                JobsAnswer answer = client.startNext();
                Optional<JobExecution> next = answer instanceof JobsAnswer.Accepted accepted
                        && accepted.response() instanceof JobsResponse.Execution execution
                        ? execution.execution() : Optional.empty();
                if (next.isEmpty()) {
                    wake.tryAcquire(settings.jitter().nanos(settings.timing().answer().toNanos() * 30),
                            TimeUnit.NANOSECONDS);
                    wake.drainPermits();
                    continue;
                }
                Journal.Entry entry = new Journal.Entry(next.get().jobId(), next.get().executionNumber(),
                        next.get().jobDocument().orElse("{}"));
                journal.begin(entry);
                if (perform(entry, Optional.of(next.get().versionNumber())) == End.REBOOTED) {
                    return End.REBOOTED;
                }
            }
        } catch (SimulatedCrash crash) {
            return End.CRASHED;
        } catch (JobsClient.Stopped | InterruptedException stopped) {
            return End.STOPPED;
        } catch (IOException e) {
            LOG.log(Level.WARNING, settings.thingName() + ": the agent's state directory failed; stopping", e);
            return End.STOPPED;
        } finally {
            client.close();
        }
    }

    /** The journal's job: carried on when its execution is still in progress, else undone and dropped. */
    private End resume(Journal.Entry entry) throws IOException, InterruptedException {
        JobsAnswer answer = client.describe(entry.jobId());
        Optional<JobExecution> execution = answer instanceof JobsAnswer.Accepted accepted
                && accepted.response() instanceof JobsResponse.Execution found ? found.execution() : Optional.empty();
        if (execution.filter(e -> !JobRun.ended(e.status()) && e.executionNumber() == entry.executionNumber())
                .isPresent()) {
            // the document as read now: its presigned URLs are fresh
            Journal.Entry fresh = new Journal.Entry(entry.jobId(), entry.executionNumber(),
                    execution.get().jobDocument().orElse(entry.document()));
            return perform(fresh, Optional.of(execution.get().versionNumber()));
        }
        JobRun run = run(entry, Optional.empty());
        boolean rebooted = false;
        try {
            Optional<ObjectNode> document = readable(entry.document());
            rebooted = document.flatMap(d -> handlerOf(entry.document(), d)).map(h -> abandon(h, run)).orElse(false);
        } finally {
            if (!rebooted) {
                journal.end(entry.jobId());
            }
        }
        return rebooted ? End.REBOOTED : End.STOPPED;
    }

    private boolean abandon(JobHandler handler, JobRun run) {
        try {
            return handler.abandon(run);
        } catch (SimulatedCrash crash) {
            throw crash;
        } catch (Exception e) {
            LOG.log(Level.WARNING, settings.thingName() + ": undoing " + run.jobId() + " failed", e);
            return false;
        }
    }

    /**
     * Reads the job's document, runs the job with its handler and reports how it ended; REBOOTED when the handler
     * rebooted the device. A document that cannot be read strictly is REJECTED before any handler sees it.
     */
    private End perform(Journal.Entry entry, Optional<Long> version) throws IOException, InterruptedException {
        JobRun run = run(entry, version);
        ObjectNode document;
        try {
            document = JobDocuments.read(entry.document());
        } catch (JobDocuments.Unreadable unreadable) {
            return carry(run, Optional.empty(), () -> new Outcome.Rejected(unreadable.getMessage()));
        }
        Optional<JobHandler> handler = handlerOf(entry.document(), document);
        return carry(run, handler, () -> handler.isPresent() ? outcome(handler.get(), run, document)
                : new Outcome.Rejected("no handler of this agent carries out this job document"));
    }

    /** How a job ends on the device, as {@link #carry} gets it. */
    @FunctionalInterface
    private interface Carried {
        Outcome outcome() throws InterruptedException;
    }

    /** Reports the outcome and ends the job in the journal; a handler that rebooted leaves it there. */
    private End carry(JobRun run, Optional<JobHandler> handler, Carried carried)
            throws IOException, InterruptedException {
        try {
            Outcome outcome = carried.outcome();
            if (outcome instanceof Outcome.Rebooting) {
                return End.REBOOTED;
            }
            reportOrFail(run, outcome);
        } catch (JobRun.ExecutionGone gone) {
            if (handler.isPresent() && abandon(handler.get(), run)) {
                return End.REBOOTED;
            }
        }
        journal.end(run.jobId());
        return End.STOPPED;
    }

    private Outcome outcome(JobHandler handler, JobRun run, ObjectNode document) throws InterruptedException {
        try {
            return handler instanceof BuiltInHandler builtIn ? builtIn.run(run, document) : handler.run(run);
        } catch (SimulatedCrash | JobRun.ExecutionGone | JobsClient.Stopped | InterruptedException passOn) {
            throw passOn;
        } catch (Exception e) {
            return new Outcome.Failed(e.getMessage() == null ? e.toString() : e.getMessage(), Map.of());
        }
    }

    /**
     * Reports the outcome; one the server refuses (a SUCCEEDED without the details a health check requires) is
     * reported as FAILED with the server's reason, so that the execution ends rather than being taken again.
     */
    private void reportOrFail(JobRun run, Outcome outcome) throws InterruptedException {
        try {
            report(run, outcome);
        } catch (JobRun.ReportRefused refused) {
            LOG.warning(settings.thingName() + ": " + refused.getMessage());
            if (outcome instanceof Outcome.Failed) {
                return;  // the server takes no end of it: its timers end the execution
            }
            Map<String, String> details = new LinkedHashMap<>(outcome instanceof Outcome.Succeeded succeeded
                    ? succeeded.statusDetails() : Map.of());
            details.remove("reason");
            try {
                report(run, new Outcome.Failed(refused.getMessage(), details));
            } catch (JobRun.ReportRefused again) {
                LOG.warning(settings.thingName() + ": " + again.getMessage());
            }
        }
    }

    private static void report(JobRun run, Outcome outcome) throws InterruptedException {
        switch (outcome) {
            case Outcome.Succeeded succeeded -> run.finish(JobExecutionStatus.SUCCEEDED, succeeded.statusDetails());
            case Outcome.Failed failed -> run.finish(JobExecutionStatus.FAILED, withReason(failed.statusDetails(),
                    failed.reason()));
            case Outcome.Rejected rejected -> run.finish(JobExecutionStatus.REJECTED, withReason(Map.of(),
                    rejected.reason()));
            case Outcome.Rebooting rebooting -> throw new IllegalStateException("a reboot is not reported");
        }
    }

    /** The details with {@code reason}, cut to the 1,024 characters a value may have ({@link DetailsText#head}). */
    static Map<String, String> withReason(Map<String, String> details, String reason) {
        Map<String, String> with = new LinkedHashMap<>(details);
        String shown = DetailsText.head(reason);
        with.putIfAbsent("reason", shown.isEmpty() ? "unknown" : shown);
        return with;
    }

    private JobRun run(Journal.Entry entry, Optional<Long> version) throws IOException {
        return new JobRun(client, settings, entry, journal.workDirectory(entry.jobId()), version);
    }

    /** The first handler that takes the document: a built-in one by its tree, the device's own by its text. */
    private Optional<JobHandler> handlerOf(String text, ObjectNode document) {
        return handlers.stream().filter(h -> handles(h, text, document)).findFirst();
    }

    private static boolean handles(JobHandler handler, String text, ObjectNode document) {
        try {
            return handler instanceof BuiltInHandler builtIn ? builtIn.handles(document) : handler.handles(text);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Optional<ObjectNode> readable(String document) {
        try {
            return Optional.of(JobDocuments.read(document));
        } catch (JobDocuments.Unreadable e) {
            return Optional.empty();
        }
    }

    void stop() {
        client.close();
    }
}
