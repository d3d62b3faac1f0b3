package io.fleetline.simulator.device;

import io.fleetline.agent.AgentListener;
import io.fleetline.agent.DownloadTap;
import io.fleetline.agent.HealthCheck;
import io.fleetline.agent.Step;
import io.fleetline.simulator.profile.Cohort;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How one simulated device behaves, by its cohort: the download tap, health check and listener its agents run with.
 * It reports what the agent does to the {@link Observations} and injects the cohort's fault. A fault that happens once
 * a job (a dropped download, a crash, a power cut) happens at the first chance of each job, so that the agent's
 * recovery is what the simulation then sees; the others (a corrupt image, a bad signature, a failing image, a slow
 * link) happen every time.
 */
final class Behaviour implements DownloadTap, HealthCheck, AgentListener {
    private final SimulatedDevice device;
    private final Cohort cohort;
    private final Observations observations;
    /** The once-a-job faults already injected, by job. */
    private final Set<String> firedFor = ConcurrentHashMap.newKeySet();

    Behaviour(SimulatedDevice device, Cohort cohort, Observations observations) {
        this.device = device;
        this.cohort = cohort;
        this.observations = observations;
    }

    @Override
    public byte[] chunk(String jobId, long offset, byte[] bytes) throws IOException {
        switch (cohort) {
            case Cohort.DropMidDownload drop when offset >= drop.afterBytes() && firedFor.add(jobId) ->
                    throw new IOException("simulated: the connection dropped mid-download");
            case Cohort.CorruptImage c when offset == 0 && bytes.length > 0 -> {
                byte[] corrupt = bytes.clone();
                corrupt[0] ^= 0x5A;
                return corrupt;
            }
            case Cohort.Slow slow -> throttle(bytes.length, slow.bytesPerSecond());
            default -> {
            }
        }
        return bytes;
    }

    private static void throttle(int bytes, long bytesPerSecond) throws IOException {
        try {
            TimeUnit.NANOSECONDS.sleep(bytes * 1_000_000_000L / bytesPerSecond);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted on a slow link", e);
        }
    }

    @Override
    public byte[] signature(String jobId, byte[] signature) {
        if (!(cohort instanceof Cohort.BadSignature)) {
            return signature;
        }
        byte[] bad = signature.length == 0 ? new byte[1] : signature.clone();
        bad[bad.length / 2] ^= 0x5A;
        return bad;
    }

    @Override
    public Result check(String version) {
        return cohort instanceof Cohort.FailHealthCheck
                ? Result.fail("simulated: version " + version + " does not start its services") : Result.pass();
    }

    @Override
    public void onStep(String jobId, Step step, Map<String, String> statusDetails) {
        observations.stepped(device.thingName(), jobId, step);
        if (cohort instanceof Cohort.Offline offline && step == Step.DOWNLOADING && firedFor.add(jobId)) {
            device.cutPower(offline.duration());
            throw new SimulatedCrash("offline for " + offline.duration() + " as the download starts");
        }
        if (cohort instanceof Cohort.CrashMidInstall && step == Step.APPLYING && firedFor.add(jobId)) {
            device.cutPower(device.bootDelay());
            throw new SimulatedCrash("mid-install");
        }
    }

    @Override
    public void onJobEnded(String jobId, String status, Map<String, String> statusDetails) {
        observations.ended(device.thingName(), jobId, status, statusDetails);
    }

    @Override
    public void onConnection(boolean connected) {
        if (connected) {
            observations.connected(device.thingName());
        }
    }
}
