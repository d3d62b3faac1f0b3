package io.fleetline.agent.internal.firmware;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.agent.BootSlots;
import io.fleetline.agent.HealthCheck;
import io.fleetline.agent.JobContext;
import io.fleetline.agent.Step;
import io.fleetline.agent.internal.AgentSettings;
import io.fleetline.agent.internal.AtomicFiles;
import io.fleetline.agent.internal.BuiltInHandler;
import io.fleetline.agent.internal.CodeSigners;
import io.fleetline.agent.internal.firmware.FirmwareState.Phase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in firmware update. Each phase is journalled ({@link FirmwareState}) before it is entered, so that a run
 * after a restart or reboot carries on where the last one stopped: download (resumed), verify, write the inactive
 * slot, switch, reboot; then, on the new image, the health check, and confirm or roll back (and reboot into the
 * previous image). Every step is reported in the execution's {@code statusDetails} ({@code step}, the target
 * {@code version}, and {@code progress}, {@code reason} or {@code firmware} where they apply).
 */
public final class FirmwareHandler implements BuiltInHandler {
    static final String IMAGE = "image.bin";
    private static final int MAX_DOWNLOAD_ATTEMPTS = 5;

    private final AgentSettings settings;
    private final BootSlots slots;
    private final Runnable reboot;
    private final StreamLink link;
    private final AtomicFiles files;

    /** @param reboot reboots the device (for the built-in reboot: nothing; the agent then starts again itself) */
    public FirmwareHandler(AgentSettings settings, BootSlots slots, Runnable reboot, StreamLink link) {
        this.settings = settings;
        this.slots = slots;
        this.reboot = reboot;
        this.link = link;
        this.files = settings.files();
    }

    @Override
    public boolean handles(ObjectNode document) {
        return FirmwareDocument.isFirmware(document);
    }

    @Override
    public Outcome run(JobContext job, ObjectNode read) throws Exception {
        FirmwareDocument document;
        try {
            document = FirmwareDocument.parse(read);
        } catch (FirmwareDocument.Unsupported e) {
            return new Outcome.Rejected(e.getMessage());
        }
        Path work = job.workDirectory();
        Optional<FirmwareState> left = FirmwareState.read(work);
        if (left.isEmpty() && settings.firmware().signers().isEmpty()) {
            return new Outcome.Rejected("this agent was given no code-signing certificate (--code-signing-cert), so "
                    + "it cannot check the image's signature; it takes no firmware update");
        }
        FirmwareState state = left.isPresent() ? left.get()
                : new FirmwareState(Phase.DOWNLOADING, document.version(), slots.runningVersion(), Optional.empty())
                        .write(work, files);
        return switch (state.phase()) {
            case DOWNLOADING -> download(job, document, state);
            case VERIFIED, APPLYING -> apply(job, state);
            case SWITCHING -> switchTo(job, state);
            case REBOOTING, SELF_TEST -> afterReboot(job, state);
            case CONFIRMED -> succeeded(state);
            case ROLLED_BACK -> rolledBack(state, state.reason().orElse("rolled back"));
        };
    }

    private Outcome download(JobContext job, FirmwareDocument document, FirmwareState state) throws Exception {
        Path image = job.workDirectory().resolve(IMAGE);
        Optional<String> tooLarge = tooLarge(document.size(), image);
        if (tooLarge.isPresent()) {
            return refused(state, Step.DOWNLOADING, tooLarge.get());
        }
        ProgressReports progress = new ProgressReports(job, details(Step.DOWNLOADING, state), document.size());
        progress.start();
        Download download = download(job, document);
        for (int attempt = 1; ; attempt++) {
            try {
                download.fetch(image, document.size(), progress::bytes);
                break;
            } catch (Download.Refused e) {
                return refused(state, Step.DOWNLOADING, "download refused: " + e.getMessage());
            } catch (IOException e) {
                if (attempt >= MAX_DOWNLOAD_ATTEMPTS) {
                    return refused(state, Step.DOWNLOADING, "download failed " + attempt + " times: " + e.getMessage());
                }
                Thread.sleep(settings.jitter().of(settings.timing().retryDelay().multipliedBy(attempt)));
            }
        }
        return verify(job, document, state, image);
    }

    /** Why an image of {@code size} bytes is not downloaded: larger than the agent takes, or than the room left. */
    private Optional<String> tooLarge(long size, Path image) throws IOException {
        long max = settings.firmware().maxBytes();
        if (size > max) {
            return Optional.of("the image is " + size + " bytes; this agent takes images of at most " + max + " bytes");
        }
        long kept = Files.exists(image) ? Files.size(image) : 0;
        long free = Files.getFileStore(image.getParent()).getUsableSpace();
        if (size - kept > free) {
            return Optional.of("the image is " + size + " bytes; there are " + free + " bytes free for it in "
                    + image.getParent());
        }
        return Optional.empty();
    }

    private Download download(JobContext job, FirmwareDocument document) {
        if (document.streamName().isPresent()) {
            return new StreamDownload(link, settings.thingName(), document.streamName().get(), document.fileId(),
                    settings.downloadTap(), job.jobId(), settings.timing().streamIdle(),
                    new StreamDownload.Pace(StreamDownload.Waits.REAL, settings.jitter()), files);
        }
        return new HttpsDownload(document.url().orElseThrow(), settings.https(), settings.downloadTap(), job.jobId(),
                files);
    }

    private Outcome verify(JobContext job, FirmwareDocument document, FirmwareState state, Path image)
            throws Exception {
        job.report(details(Step.VERIFYING, state));
        FirmwareState verified;
        try {
            ImageCheck.size(image, document.size());
            String sha256 = ImageCheck.sha256(image);
            ImageCheck.digest(sha256, document.sha256());
            ImageCheck.signature(image, signature(job, document), signers(document));
            verified = state.withVersion(document.version().orElse("sha256:" + sha256.substring(0, 12)));
        } catch (ImageCheck.Refused e) {
            Files.deleteIfExists(image);
            return refused(state, Step.VERIFYING, e.getMessage());
        }
        return apply(job, verified.to(Phase.VERIFIED).write(job.workDirectory(), files));
    }

    private byte[] signature(JobContext job, FirmwareDocument document) throws ImageCheck.Refused {
        String text = document.signature().orElseThrow(() -> new ImageCheck.Refused(
                "the image is not signed: the document has no signature"));
        try {
            return settings.downloadTap().signature(job.jobId(), Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new ImageCheck.Refused("signature check failed: the signature is not base64");
        }
    }

    /** The certificates this image may be signed with: the configured ones (see {@link CodeSigners}). */
    private List<X509Certificate> signers(FirmwareDocument document) throws ImageCheck.Refused {
        try {
            return settings.firmware().signers().forImage(document.certificatePath());
        } catch (CodeSigners.Untrusted e) {
            throw new ImageCheck.Refused("signature check failed: " + e.getMessage());
        }
    }

    /** Writes the verified image to the inactive slot (again, after a restart in the middle of it). */
    private Outcome apply(JobContext job, FirmwareState state) throws Exception {
        job.report(details(Step.APPLYING, state));
        FirmwareState applying = state.to(Phase.APPLYING).write(job.workDirectory(), files);
        try (InputStream image = Files.newInputStream(job.workDirectory().resolve(IMAGE))) {
            slots.writeInactive(version(applying), image);
        }
        return switchTo(job, applying.to(Phase.SWITCHING).write(job.workDirectory(), files));
    }

    private Outcome switchTo(JobContext job, FirmwareState state) throws Exception {
        if (!slots.inactiveVersion().equals(state.version())) {
            return apply(job, state);  // the slot's write did not last: write it again from the verified image
        }
        slots.tryInactive();
        FirmwareState rebooting = state.to(Phase.REBOOTING).write(job.workDirectory(), files);
        job.report(details(Step.REBOOTING, rebooting));
        reboot.run();
        return new Outcome.Rebooting();
    }

    /** Booted again: on the new image, on trial, it is checked; otherwise the trial boot fell back. */
    private Outcome afterReboot(JobContext job, FirmwareState state) throws Exception {
        String running = slots.runningVersion();
        if (!state.version().map(running::equals).orElse(false)) {
            return rolledBack(state, "the new image was not confirmed: the device fell back to " + running);
        }
        if (!slots.onTrial()) {
            return succeeded(state.to(Phase.CONFIRMED).write(job.workDirectory(), files));
        }
        FirmwareState testing = state.to(Phase.SELF_TEST).write(job.workDirectory(), files);
        job.report(details(Step.SELF_TEST, testing));
        HealthCheck.Result result = check(running);
        if (result.passed()) {
            slots.confirm();
            return succeeded(testing.to(Phase.CONFIRMED).write(job.workDirectory(), files));
        }
        slots.rollBack();
        testing.rolledBack("health check failed: " + result.reason()).write(job.workDirectory(), files);
        reboot.run();
        return new Outcome.Rebooting();
    }

    private HealthCheck.Result check(String version) {
        try {
            return settings.healthCheck().check(version);
        } catch (RuntimeException e) {
            if (e instanceof io.fleetline.agent.AgentListener.SimulatedCrash) {
                throw e;
            }
            return HealthCheck.Result.fail(String.valueOf(e.getMessage()));
        }
    }

    @Override
    public boolean abandon(JobContext job) throws Exception {
        Optional<FirmwareState> state = FirmwareState.read(job.workDirectory());
        if (state.isEmpty()) {
            return false;
        }
        if (slots.onTrial()) {
            slots.rollBack();
            reboot.run();
            return true;
        }
        if (state.get().phase() == Phase.REBOOTING) {
            slots.rollBack();  // switched, not yet rebooted: the switch is undone
        }
        return false;
    }

    private Outcome succeeded(FirmwareState state) {
        Map<String, String> details = details(Step.CONFIRMED, state);
        details.put("firmware", version(state));
        return new Outcome.Succeeded(details);
    }

    private Outcome rolledBack(FirmwareState state, String reason) throws IOException {
        Map<String, String> details = details(Step.ROLLED_BACK, state);
        details.put("firmware", slots.runningVersion());
        return new Outcome.Failed(reason, details);
    }

    /** Refused before anything was applied: the device stays on its image. */
    private Outcome refused(FirmwareState state, Step step, String reason) throws IOException {
        Map<String, String> details = details(step, state);
        details.put("firmware", slots.runningVersion());
        return new Outcome.Failed(reason, details);
    }

    static Map<String, String> details(Step step, FirmwareState state) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("step", step.wire());
        state.version().ifPresent(v -> details.put("version", v));
        return details;
    }

    private static String version(FirmwareState state) {
        return state.version().orElseThrow(() -> new IllegalStateException("the image's version is not known yet"));
    }
}
