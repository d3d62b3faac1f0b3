package io.fleetline.server;

import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.ota.OtaUpdateHandlers;
import io.fleetline.blobs.Blobs;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.jobs.Jobs;
import io.fleetline.jobs.rollout.JobScheduler;
import io.fleetline.ota.signing.Signing;
import io.fleetline.ota.streams.Streams;
import io.fleetline.ota.update.OtaJobs;
import io.fleetline.ota.update.OtaObjects;
import io.fleetline.ota.update.OtaSigning;
import io.fleetline.ota.update.OtaStreams;
import io.fleetline.ota.update.OtaUpdates;
import io.fleetline.registry.Registry;
import io.fleetline.storage.Database;
import io.fleetline.storage.ota.JdbcOtaUpdateStore;
import java.util.Optional;

/**
 * An account's OTA updates: the service over the account's database, its API handlers, the guard that keeps
 * DeleteStream off the streams they use, and the scheduler that ticks its creation worker (with the jobs tick's
 * interval; none when the jobs engine runs none, as in tests, which tick it through the server).
 */
final class AccountOta implements AutoCloseable {
    private final OtaUpdates updates;
    private final Optional<JobScheduler> scheduler;

    private AccountOta(OtaUpdates updates, Optional<JobScheduler> scheduler) {
        this.updates = updates;
        this.scheduler = scheduler;
    }

    /**
     * The account's OTA updates when their ports can be had, with CreateOTAUpdate and friends registered; otherwise
     * nothing is registered and those operations stay "not served yet", as before.
     */
    static Optional<AccountOta> open(AccountScope scope, Database database, Registry registry, Jobs jobs,
                                     Streams streams, Signing signing, Optional<Blobs> blobs, HandlerRegistry handlers,
                                     AccountStack.Shared shared) {
        return ports(scope, registry, jobs, streams, signing, blobs).map(ports -> {
            OtaUpdates updates = new OtaUpdates(new JdbcOtaUpdateStore(database), ports, scope, shared.clock());
            OtaUpdateHandlers.register(handlers, updates);
            // a stream an OTA update holds is attached to it: DeleteStream refuses it, as AWS does
            streams.guardDeletion(id -> updates.holdsStream(id.value()));
            Optional<JobScheduler> scheduler = Optional.empty();
            if (!shared.jobs().tick().isZero()) {
                JobScheduler started = new JobScheduler(() -> shared.gate().shared(updates::tick),
                        shared.jobs().tick());
                updates.onWake(started::wake);
                scheduler = Optional.of(started);
            }
            return new AccountOta(updates, scheduler);
        });
    }

    /**
     * The adapters from the account's services to the OTA ports: jobs through their typed API, streams, AWS Signer and
     * the embedded object store. An account whose objects live on an external store has no OTA updates (that store
     * keeps no versions, and an update signs and streams one version): the operations are then not served.
     */
    private static Optional<OtaUpdates.Ports> ports(AccountScope scope, Registry registry, Jobs jobs, Streams streams,
                                                    Signing signing, Optional<Blobs> blobs) {
        return blobs.map(store -> new OtaUpdates.Ports(OtaJobs.over(jobs, registry), OtaStreams.over(streams),
                OtaSigning.over(signing, scope), OtaObjects.embedded(store)));
    }

    OtaUpdates updates() {
        return updates;
    }

    @Override
    public void close() {
        scheduler.ifPresent(JobScheduler::close);
    }
}
