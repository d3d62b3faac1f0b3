package io.fleetline.ota.update;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates an update, one recorded step after another: prepares the files (targets checked, objects found, signatures
 * settled), creates its stream (MQTT, when the files are objects), then its job. Every step is written before the next
 * starts and each step is repeatable, so a stop anywhere (even {@code kill -9}) leaves an update that the next
 * process carries on: a stream or job an earlier attempt created is found, not made twice.
 */
final class CreationWorker {
    /** How long an update waits for its signing jobs before it fails. */
    static final Duration SIGNING_TIMEOUT = Duration.ofMinutes(15);

    private final OtaUpdateStore store;
    private final OtaJobs jobs;
    private final OtaStreams streams;
    private final FilePreparation preparation;
    private final AccountScope scope;
    private final Clock clock;

    CreationWorker(OtaUpdateStore store, OtaUpdates.Ports ports, AccountScope scope, Clock clock) {
        this.store = store;
        this.jobs = ports.jobs();
        this.streams = ports.streams();
        this.preparation = new FilePreparation(ports.streams(), ports.signing(), ports.objects());
        this.scope = scope;
        this.clock = clock;
    }

    /** Takes the update as far as it can go now; a refusal of any part fails it with that part's words. */
    void advance(OtaUpdate update) {
        Optional<OtaUpdate> current = Optional.of(update);
        try {
            if (update.status() == OtaUpdateStatus.CREATE_PENDING) {
                current = save(update.next(clock.instant(), OtaUpdateStatus.CREATE_IN_PROGRESS, update.progress()));
            }
            current = current.flatMap(this::prepare).flatMap(this::stream);
            current.ifPresent(this::job);
        } catch (FleetlineException e) {
            // the steps wrote versions of their own: fail the one stored, unless a delete took it over meanwhile
            store.find(update.id()).filter(u -> u.status().creating()).ifPresent(u -> fail(u, ErrorInfo.of(e)));
        }
    }

    /** After too many unexpected failures in a row: the update fails rather than staying in progress for ever. */
    void giveUp(OtaUpdate update) {
        fail(update, new ErrorInfo(ErrorCode.INTERNAL_FAILURE.awsType(), "creating the OTA update failed"
                + " unexpectedly " + OtaUpdates.MAX_ATTEMPTS + " times in a row; the server log says why"));
    }

    private Optional<OtaUpdate> prepare(OtaUpdate update) {
        if (!update.progress().prepared().isEmpty()) {
            return Optional.of(update);
        }
        List<String> missing = jobs.missingTargets(update.request().targets());
        if (!missing.isEmpty()) {
            return fail(update, ErrorInfo.notFound("target not found: " + String.join(", ", missing)));
        }
        List<PreparedFile> ready = new ArrayList<>();
        Optional<String> waitingFor = Optional.empty();
        OtaUpdate current = update;
        for (int i = 0; i < current.request().files().size(); i++) {
            switch (preparation.prepare(current, i)) {
                case FilePreparation.Ready r -> ready.add(r.file());
                case FilePreparation.Failed f -> {
                    return fail(current, f.error());
                }
                case FilePreparation.Waiting w -> {
                    if (w.started()) {
                        Optional<OtaUpdate> saved = save(current.next(clock.instant(), current.status(),
                                current.progress().withSigningJob(w.index(), w.signingJob())));
                        if (saved.isEmpty()) {
                            return saved;
                        }
                        current = saved.get();
                    }
                    waitingFor = Optional.of(w.signingJob());
                }
            }
        }
        if (waitingFor.isPresent()) {
            if (clock.instant().isAfter(current.createdAt().plus(SIGNING_TIMEOUT))) {
                return fail(current, ErrorInfo.invalid("signing job " + waitingFor.get() + " did not finish within "
                        + SIGNING_TIMEOUT.toMinutes() + " minutes"));
            }
            return Optional.empty();  // asked again at the next tick
        }
        return save(current.next(clock.instant(), current.status(), current.progress().withPrepared(ready)));
    }

    /** Creates the {@code AFR_OTA-<uuid>} stream of the files, when devices may use MQTT and the files are objects. */
    private Optional<OtaUpdate> stream(OtaUpdate update) {
        List<PreparedFile> files = update.progress().prepared();
        boolean needed = update.request().protocols().contains(OtaProtocol.MQTT)
                && files.stream().allMatch(f -> f.stream().isEmpty());
        if (!needed || update.progress().streamCreated()) {
            return Optional.of(update);
        }
        OtaUpdate current = update;
        if (current.progress().streamId().isEmpty()) {
            Optional<OtaUpdate> chosen = save(current.next(clock.instant(), current.status(),
                    current.progress().withStream(OtaUpdates.JOB_PREFIX + UUID.randomUUID(), false)));
            if (chosen.isEmpty()) {
                return chosen;
            }
            current = chosen.get();
        }
        String streamId = current.progress().streamId().orElseThrow();
        streams.create(streamId, "OTA update " + current.id(), current.request().roleArn(),
                files.stream().map(f -> new OtaStreams.Source(f.fileId(), f.object())).toList());
        return save(current.next(clock.instant(), current.status(), current.progress().withStream(streamId, true)));
    }

    /** Creates job {@code AFR_OTA-<otaUpdateId>}; one found that an earlier attempt asked for is taken as made. */
    private void job(OtaUpdate update) {
        String jobId = OtaUpdates.JOB_PREFIX + update.id();
        OtaUpdate current = update;
        if (!current.progress().jobRequested()) {
            if (jobs.phase(jobId).isPresent()) {
                fail(current, new ErrorInfo(ErrorCode.RESOURCE_ALREADY_EXISTS.awsType(), "job " + jobId
                        + " exists already: delete it, or give the OTA update another id"));
                return;
            }
            Optional<OtaUpdate> asked = save(current.next(clock.instant(), current.status(),
                    current.progress().withJobRequested()));
            if (asked.isEmpty()) {
                return;
            }
            current = asked.get();
        }
        String arn;
        try {
            arn = jobs.create(spec(current, jobId));
        } catch (FleetlineException e) {
            if (e.code() != ErrorCode.RESOURCE_ALREADY_EXISTS) {
                throw e;
            }
            arn = scope.arn(ResourceType.JOB, jobId);  // made by the attempt a stop interrupted
        }
        save(current.completed(clock.instant(), jobId, arn));
    }

    private OtaJobs.Spec spec(OtaUpdate update, String jobId) {
        OtaUpdateRequest request = update.request();
        List<PreparedFile> prepared = update.progress().prepared();
        List<AfrOtaDocument.Entry> entries = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            PreparedFile file = prepared.get(i);
            OtaFile given = request.files().get(i);
            entries.add(new AfrOtaDocument.Entry(given.fileName().orElseThrow(), file.size(), file.fileId(),
                    file.certificatePath(), given.fileType(), given.fileVersion(),
                    AfrOtaDocument.presignedPlaceholder(scope.region(), file.object()), file.signatureKey(),
                    file.signature()));
        }
        Optional<String> streamName = update.progress().streamId()
                .or(() -> prepared.get(0).stream().map(FileLocation.Stream::streamId));
        String document = AfrOtaDocument.build(request.protocols(), streamName, entries);
        OtaJobConfig config = request.jobConfig();
        return new OtaJobs.Spec(jobId, request.targets(), request.targetSelection(), document, request.description(),
                config.rollout(), config.abort(), config.inProgressTimeoutMinutes(),
                config.presignedUrlExpiry().toSeconds());
    }

    private Optional<OtaUpdate> fail(OtaUpdate update, ErrorInfo error) {
        store.replace(update.failed(clock.instant(), OtaUpdateStatus.CREATE_FAILED, error));
        return Optional.empty();
    }

    /** Writes the next state; empty when someone else (a DeleteOTAUpdate) changed the update meanwhile. */
    private Optional<OtaUpdate> save(OtaUpdate next) {
        return store.replace(next) ? Optional.of(next) : Optional.empty();
    }
}
