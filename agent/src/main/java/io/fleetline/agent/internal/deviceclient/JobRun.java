package io.fleetline.agent.internal.deviceclient;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.agent.JobContext;
import io.fleetline.agent.JobHandler.Outcome;
import io.fleetline.agent.Reboot;
import io.fleetline.agent.internal.DetailsText;
import io.fleetline.agent.internal.deviceclient.DeviceClientJobs.Limits;
import io.fleetline.agent.internal.deviceclient.JobDocument.Action;
import io.fleetline.agent.internal.deviceclient.JobDocument.CommandInput;
import io.fleetline.agent.internal.deviceclient.JobDocument.HandlerInput;
import io.fleetline.agent.internal.deviceclient.RebootMarker.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of one job document, as the Device Client's job engine runs it: the steps in order, stopping at the first
 * that fails unless it says {@code ignoreStepFailure}; the {@code finalStep} last, so only when the steps before it
 * got through; then SUCCEEDED or FAILED with {@code reason}, {@code stdout} (with {@code includeStdOut}) and
 * {@code stderr} in the status details.
 */
final class JobRun {
    /** The handler of AWS-Reboot; taken from the handler directory, it reboots through the agent. */
    static final String REBOOT_HANDLER = "reboot.sh";
    private final Setup setup;
    private final JobContext job;
    private final OutputTail stdout;
    private final OutputTail stderr;
    private final RebootMarker marker;

    /**
     * What every run of a {@link DeviceClientJobs} shares; {@code boot} names the boot the device is in (a reboot
     * step that finds its marker of another boot is done).
     */
    record Setup(HandlerDirectory handlers, AllowedCommands allowed, RunAs runAs, Reboot reboot, Limits limits,
                 Map<String, String> environment, KeptPaths kept, String boot) {
    }

    private sealed interface StepOutcome {
    }

    private record Done() implements StepOutcome {
    }

    private record Failed(String reason) implements StepOutcome {
    }

    private record Rebooting() implements StepOutcome {
    }

    JobRun(Setup setup, JobContext job) {
        this.setup = setup;
        this.job = job;
        this.stdout = new OutputTail(setup.limits().outputBytes());
        this.stderr = new OutputTail(setup.limits().outputBytes());
        this.marker = new RebootMarker(job.workDirectory());
    }

    Outcome run(JsonNode read) throws IOException, InterruptedException {
        JobDocument document;
        try {
            document = JobDocumentReader.read(read);
        } catch (InvalidJobDocument e) {
            return new Outcome.Rejected(DetailsText.head("invalid job document: " + e.getMessage()));
        }
        Optional<String> refusal = setup.allowed().refusal(document);
        if (refusal.isPresent()) {
            return new Outcome.Rejected(DetailsText.head(refusal.get()));
        }
        Files.createDirectories(job.workDirectory());
        return runSteps(document);
    }

    private Outcome runSteps(JobDocument document) throws IOException, InterruptedException {
        List<Action> steps = document.steps();
        Optional<Entry> rebooted = marker.read()
                .filter(entry -> entry.execution() == job.executionNumber() && entry.step() < steps.size());
        if (rebooted.isPresent() && rebooted.get().boot().equals(setup.boot())) {
            String step = steps.get(rebooted.get().step()).name();
            boolean agentOnly = setup.boot().startsWith("life:") || setup.boot().startsWith("process:");
            return failed(agentOnly ? "step " + step + " rebooted the device, but the agent did not restart"
                    : "step " + step + " asked for a reboot, but the device did not reboot (same boot id)", document);
        }
        for (int i = rebooted.map(entry -> entry.step() + 1).orElse(0); i < steps.size(); i++) {
            Action action = steps.get(i);
            StepOutcome outcome = step(action, i);
            if (outcome instanceof Rebooting) {
                return new Outcome.Rebooting();
            }
            if (outcome instanceof Failed failure && !action.ignoreStepFailure()) {
                return failed(failure.reason(), document);
            }
        }
        return new Outcome.Succeeded(details("Job exited with status: 0", document));
    }

    private StepOutcome step(Action action, int index) throws IOException, InterruptedException {
        try {
            List<String> argv;
            if (action.input() instanceof HandlerInput handler) {
                if (handler.inHandlerDirectory() && handler.handler().equals(REBOOT_HANDLER)) {
                    return reboot(action, index);
                }
                argv = handlerCommandLine(action, handler);
            } else {
                argv = setup.runAs().commandLine(action.runAsUser(), ((CommandInput) action.input()).argv());
            }
            return judge(action, StepProcess.run(argv, setup.environment(), job.workDirectory(),
                    setup.limits().stepTimeout(), stdout, stderr));
        } catch (StepRefused e) {
            return new Failed("step " + action.name() + ": " + e.getMessage());
        } catch (IOException e) {
            return new Failed("step " + action.name() + " could not start: " + e.getMessage());
        }
    }

    /** As the Device Client calls handlers: the {@code runAsUser} first (empty for none), then the arguments. */
    private List<String> handlerCommandLine(Action action, HandlerInput handler) throws StepRefused {
        List<String> argv = new ArrayList<>();
        argv.add(setup.handlers().handler(handler).toString());
        if (handler.handler().equals(KeptPaths.DOWNLOAD_HANDLER) && handler.args().size() >= 2) {
            setup.kept().checkDestination(handler.args().get(1), job.workDirectory());
        }
        setup.runAs().check(action.runAsUser());
        argv.add(action.runAsUser());
        argv.addAll(handler.args());
        return argv;
    }

    private StepOutcome judge(Action action, StepProcess.Result result) {
        if (result.timedOut()) {
            return new Failed("step " + action.name() + " did not finish within "
                    + setup.limits().stepTimeout().toSeconds() + " s and was killed");
        }
        if (result.exitCode() != 0) {
            return new Failed("Job exited with status: " + result.exitCode() + " (step " + action.name() + ")");
        }
        if (result.stderrLines() > action.allowStdErr()) {
            return new Failed("step " + action.name() + " wrote " + result.stderrLines() + " lines to stderr; "
                    + "allowStdErr allows " + action.allowStdErr());
        }
        return new Done();
    }

    /**
     * Reboots as the Device Client's reboot handler does, through the agent: the marker first (durable), then the
     * reboot; the run after the restart finds the marker and goes on after this step.
     */
    private StepOutcome reboot(Action action, int index) throws IOException, InterruptedException {
        marker.write(new Entry(setup.boot(), job.executionNumber(), index));
        job.report(Map.of("reason", DetailsText.head("Rebooting (step " + action.name() + ")")));
        try {
            setup.reboot().reboot();
        } catch (RuntimeException e) {
            marker.delete();
            return new Failed("step " + action.name() + ": the reboot failed: " + e.getMessage());
        }
        return new Rebooting();
    }

    private Outcome failed(String reason, JobDocument document) {
        Map<String, String> details = details(reason, document);
        return new Outcome.Failed(details.get("reason"), details);
    }

    /** The Device Client's status details: {@code reason}, {@code stdout} if asked for, {@code stderr} if any. */
    private Map<String, String> details(String reason, JobDocument document) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("reason", DetailsText.head(reason));
        if (document.includeStdOut()) {
            putIfAny(details, "stdout", DetailsText.tail(stdout.text()));
        }
        putIfAny(details, "stderr", DetailsText.tail(stderr.text()));
        return details;
    }

    private static void putIfAny(Map<String, String> details, String key, String value) {
        if (!value.isEmpty()) {
            details.put(key, value);
        }
    }
}
