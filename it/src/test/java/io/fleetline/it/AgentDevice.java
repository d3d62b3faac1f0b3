package io.fleetline.it;

import io.fleetline.agent.AgentListener;
import io.fleetline.agent.BootSlots;
import io.fleetline.agent.DeviceAgent;
import io.fleetline.agent.Step;
import io.fleetline.security.ca.Pem;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A device running Fleetline's {@link DeviceAgent} against a test server: its slots in a directory of its own, the
 * code-signing certificate built in, and a listener that records the steps it reported and how its job ended.
 */
final class AgentDevice implements AutoCloseable {
    /** How a job ended on the device. */
    record Ended(String jobId, String status, Map<String, String> details) {
    }

    final String thing;
    final Path stateDirectory;
    final List<Step> steps = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> reports = new CopyOnWriteArrayList<>();
    final CompletableFuture<Ended> ended = new CompletableFuture<>();
    /** Completes when the agent was stopped on the spot at the step {@link #crashAt} named. */
    final CompletableFuture<Step> crashed = new CompletableFuture<>();
    private final DeviceAgent agent;
    private volatile Step crashAt;

    AgentDevice(TestServer server, DeviceIdentity identity, String thing, Path stateDirectory, String signerPem,
                UnaryOperator<DeviceAgent.Builder> configure) throws Exception {
        this.thing = thing;
        this.stateDirectory = stateDirectory;
        DeviceAgent.Builder builder = DeviceAgent.builder().thingName(thing)
                .endpoint("127.0.0.1", server.mqttsPort())
                .tls(identity.keyManagers(), DeviceIdentity.trusting(server.caFile()))
                .stateDirectory(stateDirectory)
                .codeSigner(Pem.certificate(signerPem))
                .listener(new AgentListener() {
                    @Override
                    public void onStep(String jobId, Step step, Map<String, String> statusDetails) {
                        steps.add(step);
                        reports.add(statusDetails);
                        if (step == crashAt) {
                            crashAt = null;
                            crashed.complete(step);
                            throw new AgentListener.SimulatedCrash("after reporting " + step.wire());
                        }
                    }

                    @Override
                    public void onJobEnded(String jobId, String status, Map<String, String> statusDetails) {
                        ended.complete(new Ended(jobId, status, statusDetails));
                    }
                });
        this.agent = configure.apply(builder).build();
    }

    /** The agent stops on the spot (as if killed) right after it reported {@code step}. */
    AgentDevice crashAt(Step step) {
        this.crashAt = step;
        return this;
    }

    AgentDevice start() {
        agent.start();
        return this;
    }

    /** The job's end, waiting at most {@code seconds}. */
    Ended awaitEnd(long seconds) throws Exception {
        return ended.get(seconds, TimeUnit.SECONDS);
    }

    String runningVersion() {
        return agent.runningVersion();
    }

    /** The slots as the device's next boot finds them. */
    BootSlots bootAgain() throws Exception {
        return BootSlots.directory(stateDirectory.resolve("slots"), "1.0.0");
    }

    @Override
    public void close() {
        agent.close();
    }
}
