package io.fleetline.ota.update;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OTA updates of one account: CreateOTAUpdate, GetOTAUpdate, ListOTAUpdates and DeleteOTAUpdate, and the worker
 * that creates and deletes them in the background, as AWS does. CreateOTAUpdate records the update
 * ({@code CREATE_PENDING}) and answers; each {@link #tick()} then advances every update that is being created or
 * deleted, from what the store says, so a restart carries on where the last process stopped. Tests call
 * {@code tick()} with a manual clock; the server ticks it on a schedule and soon after {@link #onWake} is told.
 */
public final class OtaUpdates {
    /** Ids of the job and stream an update creates start with this ({@code AFR_OTA-<otaUpdateId>}). */
    public static final String JOB_PREFIX = "AFR_OTA-";
    /** Unexpected failures in a row after which an update being created fails. */
    static final int MAX_ATTEMPTS = 5;
    /** Updates read at a time when looking for the ones that hold a stream. */
    private static final int SCAN_PAGE = 250;
    private static final Logger LOG = LoggerFactory.getLogger(OtaUpdates.class);

    /** What an account's OTA updates use of the other services. */
    public record Ports(OtaJobs jobs, OtaStreams streams, OtaSigning signing, OtaObjects objects) {
    }

    private final OtaUpdateStore store;
    private final Ports ports;
    private final AccountScope scope;
    private final Clock clock;
    private final CreationWorker creation;
    private final DeletionWorker deletion;
    private final AtomicReference<Runnable> wake = new AtomicReference<>(() -> { });
    private final Map<String, Integer> failures = new HashMap<>();

    public OtaUpdates(OtaUpdateStore store, Ports ports, AccountScope scope, Clock clock) {
        this.store = store;
        this.ports = ports;
        this.scope = scope;
        this.clock = clock;
        this.creation = new CreationWorker(store, ports, scope, clock);
        this.deletion = new DeletionWorker(store, ports, clock);
    }

    /** Tells {@code runnable} whenever there is new work (an update to create or delete). */
    public void onWake(Runnable runnable) {
        wake.set(runnable);
    }

    /** {@code arn:aws:iot:<region>:<account>:otaupdate/<id>}. */
    public String arnOf(String otaUpdateId) {
        return "arn:aws:iot:" + scope.region() + ":" + scope.accountId() + ":otaupdate/" + otaUpdateId;
    }

    /**
     * CreateOTAUpdate: refuses what is wrong in the request itself ({@code InvalidRequestException}) and an id in use
     * ({@code ResourceAlreadyExistsException}), records the update {@code CREATE_PENDING} and answers it; the rest
     * happens in {@link #tick()}.
     */
    public OtaUpdate create(OtaUpdateRequest request) {
        RequestRules.check(request, scope);
        Instant now = clock.instant();
        OtaUpdate update = new OtaUpdate(request, arnOf(request.otaUpdateId()), OtaUpdateStatus.CREATE_PENDING,
                Optional.empty(), now, now, Optional.empty(), Optional.empty(), CreationProgress.none(),
                Optional.empty(), 0);
        if (!store.insert(update)) {
            throw FleetlineException.alreadyExists("OTA update " + request.otaUpdateId() + " already exists",
                    request.otaUpdateId(), update.arn());
        }
        wake.get().run();
        return update;
    }

    /** GetOTAUpdate; {@code ResourceNotFoundException} when there is none (a deleted update is gone). */
    public OtaUpdate get(String otaUpdateId) {
        return store.find(otaUpdateId).orElseThrow(() -> FleetlineException.notFound("OTA update " + otaUpdateId
                + " does not exist"));
    }

    /** ListOTAUpdates: by id, of one status when asked. */
    public Page<OtaUpdate> list(Optional<OtaUpdateStatus> status, PageRequest page) {
        return Page.of(store.list(status, page), page, OtaUpdate::id);
    }

    /**
     * Whether an update holds stream {@code streamId} ({@link OtaUpdate#holdsStream}): DeleteStream refuses to delete
     * it then. Looks through every update of the account, a page at a time (an account has few).
     */
    public boolean holdsStream(String streamId) {
        Optional<String> token = Optional.empty();
        do {
            Page<OtaUpdate> page = list(Optional.empty(), PageRequest.of(null, token.orElse(null), SCAN_PAGE));
            if (page.items().stream().anyMatch(update -> update.holdsStream(streamId))) {
                return true;
            }
            token = page.nextToken();
        } while (token.isPresent());
        return false;
    }

    /**
     * DeleteOTAUpdate: without {@code forceDeleteJob}, an update whose job is still active is refused
     * ({@code InvalidRequestException}), as AWS refuses it; otherwise the update becomes {@code DELETE_IN_PROGRESS}
     * and {@link #tick()} deletes its job, its own stream when {@code deleteStream} says so, and the update. Deleting
     * one that is being deleted changes nothing.
     */
    public void delete(String otaUpdateId, boolean deleteStream, boolean forceDeleteJob) {
        OtaUpdate update = get(otaUpdateId);
        if (update.status() == OtaUpdateStatus.DELETE_IN_PROGRESS) {
            return;
        }
        String jobId = JOB_PREFIX + otaUpdateId;
        if (!forceDeleteJob && update.progress().jobRequested()
                && ports.jobs().phase(jobId).filter(p -> p == OtaJobs.Phase.ACTIVE).isPresent()) {
            throw FleetlineException.invalid("The job " + jobId + " of OTA update " + otaUpdateId + " is not in a"
                    + " terminal state (COMPLETED or CANCELED); set forceDeleteAWSJob to delete it anyway");
        }
        if (!store.replace(update.deleting(clock.instant(), new OtaUpdate.Deletion(deleteStream, forceDeleteJob)))) {
            throw FleetlineException.versionConflict("OTA update " + otaUpdateId + " changed while it was being"
                    + " deleted; try again");
        }
        wake.get().run();
    }

    /**
     * Advances every update being created or deleted as far as it goes now. An update whose step fails unexpectedly
     * (not a refusal, which fails the update) is tried again at the next tick, and is {@code CREATE_FAILED} or
     * {@code DELETE_FAILED} after {@value #MAX_ATTEMPTS} such failures in a row.
     */
    public synchronized void tick() {
        for (String id : store.unfinished()) {
            Optional<OtaUpdate> update = store.find(id);
            try {
                update.ifPresent(this::advance);
                failures.remove(id);
            } catch (RuntimeException e) {
                int count = failures.merge(id, 1, Integer::sum);
                LOG.error("OTA update {}: attempt {} failed; it is tried again at the next tick", id, count, e);
                if (count >= MAX_ATTEMPTS) {
                    failures.remove(id);
                    store.find(id).filter(u -> u.status().unfinished()).ifPresent(u -> {
                        if (u.status().creating()) {
                            creation.giveUp(u);
                        } else {
                            deletion.giveUp(u);
                        }
                    });
                }
            }
        }
    }

    private void advance(OtaUpdate update) {
        if (update.status().creating()) {
            creation.advance(update);
        } else if (update.status() == OtaUpdateStatus.DELETE_IN_PROGRESS) {
            deletion.advance(update);
        }
    }
}
