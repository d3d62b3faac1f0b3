package io.fleetline.server;

import io.fleetline.api.acm.AcmApi;
import io.fleetline.api.data.DataPlaneApi;
import io.fleetline.api.device.DeviceRequests;
import io.fleetline.api.device.ShadowRequests;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.jobs.FleetlineJobsApi;
import io.fleetline.api.jobs.JobsApi;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.registry.RegistryApi;
import io.fleetline.api.s3.S3Handlers;
import io.fleetline.api.search.SearchApi;
import io.fleetline.api.streams.StreamsApi;
import io.fleetline.api.security.SecurityApi;
import io.fleetline.api.shadow.ShadowApi;
import io.fleetline.api.signer.SignerApi;
import io.fleetline.blobs.Blobs;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.bus.MessageBus;
import io.fleetline.core.bus.Presence;
import io.fleetline.core.state.StateGate;
import io.fleetline.jobs.Jobs;
import io.fleetline.jobs.document.JobObjectStore;
import io.fleetline.jobs.rollout.JobScheduler;
import io.fleetline.ota.streams.Streams;
import io.fleetline.ota.signing.BlobSigningObjects;
import io.fleetline.ota.signing.KeySealer;
import io.fleetline.ota.signing.Signing;
import io.fleetline.ota.signing.SigningObjects;
import io.fleetline.ota.update.OtaUpdates;
import io.fleetline.registry.Registry;
import io.fleetline.registry.RegistryChange;
import io.fleetline.registry.group.DynamicGroupService;
import io.fleetline.search.indexing.FleetIndexing;
import io.fleetline.search.indexing.IndexPlace;
import io.fleetline.security.Security;
import io.fleetline.security.ca.CertificateAuthority;
import io.fleetline.security.cert.CertificateOwners;
import io.fleetline.security.cert.RegistrationEvents;
import io.fleetline.security.cert.TransferPeers;
import io.fleetline.shadow.ShadowService;
import io.fleetline.server.config.JobsSettings;
import io.fleetline.server.config.RegistrySettings;
import io.fleetline.storage.Database;
import io.fleetline.storage.jobs.JdbcJobStore;
import io.fleetline.storage.registry.JdbcRegistryStore;
import io.fleetline.storage.search.JdbcIndexingConfigurationStore;
import io.fleetline.storage.security.JdbcSecurityStore;
import io.fleetline.storage.shadow.JdbcShadowStore;
import io.fleetline.storage.streams.JdbcStreamStore;
import io.fleetline.storage.signing.JdbcSigningStore;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one account and region owns: its database, its registry, security, jobs, streams, shadows, code-signing and OTA update services, its
 * rollout engine, its object store (the embedded one, with its S3 handlers) and the API handlers bound to them. A
 * server has one; in the permissive test-double mode it has one per account and region that has called it, and
 * nothing in one stack can reach another's.
 */
final class AccountStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccountStack.class);
    /**
     * Kept by a reset: the access keys are how operators get back in, and the record of the accounts served says
     * which databases exist (emptied by the reset, not removed); neither is state of the fleet.
     */
    static final Set<String> KEPT_BY_RESET = Set.of("access_key", "served_account");

    private final AccountScope scope;
    private final Database database;
    private final Registry registry;
    private final Security security;
    private final Jobs jobs;
    private final Streams streams;
    private final Signing signing;
    private final Optional<JobScheduler> scheduler;
    private final HandlerRegistry handlers;
    private final Optional<RegistrationEvents> registrations;
    private final Optional<Blobs> blobs;
    private final Optional<S3Handlers> s3;
    private final Optional<AccountOta> ota;
    private final AccountIndexing indexing;
    private final ShadowService shadows;

    private AccountStack(AccountScope scope, Database database, Registry registry, Security security, Jobs jobs,
                         Streams streams, Signing signing, Optional<JobScheduler> scheduler,
                         HandlerRegistry handlers, Optional<RegistrationEvents> registrations, Optional<Blobs> blobs,
                         Optional<S3Handlers> s3, Optional<AccountOta> ota, AccountIndexing indexing,
                         ShadowService shadows) {
        this.scope = scope;
        this.database = database;
        this.registry = registry;
        this.security = security;
        this.jobs = jobs;
        this.streams = streams;
        this.signing = signing;
        this.scheduler = scheduler;
        this.handlers = handlers;
        this.registrations = registrations;
        this.blobs = blobs;
        this.s3 = s3;
        this.ota = ota;
        this.indexing = indexing;
        this.shadows = shadows;
    }

    /**
     * What every stack of a server shares; {@code peers} reaches the other stacks for certificate transfers, and
     * {@code owners} says which of them owns each certificate. {@code objects} opens each account's object store (and
     * says what its jobs use), and {@code ownEndpoint} says which URLs address this server (path-style S3 URLs of its
     * store); {@code sealer} seals the private keys imported into each account's ACM. {@code indexPlaces} says where
     * each account's fleet index lives, and {@code presence} hands an account's device presence to a listener.
     */
    record Shared(List<ServiceModel> models, CertificateAuthority ca, Clock clock, RegistrySettings registry,
                  JobsSettings jobs, Function<AccountScope, Map<String, String>> endpointAddresses, StateGate gate, TransferPeers peers,
                  CertificateOwners owners, AccountObjects objects, Predicate<URI> ownEndpoint, KeySealer sealer,
                  Function<AccountScope, IndexPlace> indexPlaces,
                  BiConsumer<AccountScope, Consumer<Presence>> presence) {
    }

    /** The account's fleet indexing and the things it reads (whose connectivity presence keeps). */
    record AccountIndexing(FleetIndexing indexing, IndexedThings things) {
    }

    /**
     * Wires a stack over an open database. {@code busFor} gives the stack its way to devices once its security
     * services exist (the default account's starts the broker with them); empty means this account has no MQTT.
     */
    static AccountStack open(AccountScope scope, Database database, Shared shared,
                             Function<Security, Optional<MessageBus>> busFor) {
        Registry registry = Registry.create(new JdbcRegistryStore(database), scope, shared.clock(),
                shared.registry().typeDeletionDelay());
        Optional<Blobs> blobs = shared.objects().open(scope, database);
        Security security = Security.create(new JdbcSecurityStore(database), registry, shared.ca(), shared.clock(),
                shared.peers(), shared.owners());
        claimStoredCertificates(scope, security);
        Optional<MessageBus> bus = busFor.apply(security);
        HandlerRegistry handlers = new HandlerRegistry(shared.models());
        RegistryApi.register(handlers, registry, shared.endpointAddresses().apply(scope));
        SecurityApi.register(handlers, security);
        MessageBus gated = bus.<MessageBus>map(b -> new GatedBus(b, shared.gate())).orElse(MessageBus.NONE);
        ShadowService shadows = ShadowService.create(new JdbcShadowStore(database), registry, shared.clock());
        ShadowRequests shadowRequests = new ShadowRequests(shadows);
        bus.ifPresent(b -> DataPlaneApi.register(handlers, b, scope,
                DeviceRequests.shadowProtocol(shadowRequests, shared.clock())));
        ShadowApi.register(handlers, shadowRequests, shadows, gated, scope, shared.clock());
        Jobs jobs = Jobs.create(new JdbcJobStore(database), registry, gated, scope, shared.clock(),
                shared.jobs().retention(), jobObjects(scope, shared, blobs));
        JobsApi.register(handlers, jobs, scope, shared.clock());
        Streams streams = Streams.create(new JdbcStreamStore(database), shared.objects().forStreams(scope, blobs), scope,
                shared.clock());
        // the device protocols' requests, each answered to the device that sent it (shadows: to their subscribers)
        new DeviceRequests(gated, shared.clock()).jobs(jobs.device()).streams(streams.delivery())
                .shadows(shadowRequests);
        registry.tags().cover(ResourceType.STREAM, streams::requireExists);
        StreamsApi.register(handlers, streams);
        FleetlineJobsApi.register(handlers, jobs.plans());
        Signing signing = Signing.create(new JdbcSigningStore(database), shared.sealer(),
                blobs.<SigningObjects>map(BlobSigningObjects::new).orElse(SigningObjects.NONE), scope, shared.clock());
        AcmApi.register(handlers, signing.certificates(), shared.clock());
        SignerApi.register(handlers, signing, scope);
        Optional<JobScheduler> scheduler = Optional.empty();
        if (!shared.jobs().tick().isZero()) {
            JobScheduler started = new JobScheduler(() -> shared.gate().shared(jobs.engine()::tick),
                    shared.jobs().tick());
            jobs.onWake(started::wake);
            scheduler = Optional.of(started);
        }
        jobs.reconcile();
        Optional<AccountOta> ota = AccountOta.open(scope, database, registry, jobs, streams, signing, blobs, handlers,
                shared);
        Optional<RegistrationEvents> registrations = bus.map(b -> new RegistrationEvents(security.certificates(), b,
                scope.accountId(), shared.clock()));
        AccountIndexing indexing = openIndexing(scope, database, registry, shadows, shared);
        SearchApi.register(handlers, indexing.indexing());
        return new AccountStack(scope, database, registry, security, jobs, streams, signing, scheduler, handlers,
                registrations, blobs, shared.objects().handlers(blobs), ota, indexing, shadows);
    }

    /**
     * Fleet indexing, fed in process: by the registry's and the shadows' changes after they commit, and by the
     * broker's presence.
     */
    private static AccountIndexing openIndexing(AccountScope scope, Database database, Registry registry,
                                                ShadowService shadows, Shared shared) {
        IndexedThings things = new IndexedThings(registry);
        things.shadows(new ShadowIndexSource(shadows));
        FleetIndexing indexing = FleetIndexing.open(new JdbcIndexingConfigurationStore(database), things,
                shared.indexPlaces().apply(scope));
        registry.changes().onChange((RegistryChange change) -> {
            switch (change) {
                case RegistryChange.ThingChanged c -> indexing.thingChanged(c.thingName());
                case RegistryChange.ThingDeleted d -> indexing.thingChanged(d.thingName());
                case RegistryChange.MembershipChanged m -> indexing.thingChanged(m.thingName());
                case RegistryChange.GroupChanged g -> indexing.groupChanged(g.groupName());
                case RegistryChange.DynamicMembershipChanged d -> {
                    // the index holds static groups only (thingGroupNames): what follows from it is not fed back
                }
            }
        });
        shadows.onChange(indexing::shadowsChanged);
        shared.presence().accept(scope, presence -> {
            things.presence(presence);
            if (indexing.configuration().connectivityIndexing()) {
                indexing.thingChanged(presence.clientId());
            }
        });
        followedByDynamicGroups(indexing, registry.dynamicGroups());
        return new AccountIndexing(indexing, things);
    }

    /**
     * Dynamic groups follow the index: each change the index takes is matched against their queries, a rebuild redoes
     * their membership, and so does every start (the server may have stopped between a change and its membership).
     */
    private static void followedByDynamicGroups(FleetIndexing indexing, DynamicGroupService dynamic) {
        dynamic.queries(new IndexGroupQueries(indexing));
        indexing.keepOnWhile(dynamic::any);
        indexing.listen(new FleetIndexing.Listener() {
            @Override
            public void fed(String thingName) {
                dynamic.thingChanged(thingName);
            }

            @Override
            public void rebuilt() {
                dynamic.reconcile();
            }
        });
        if (indexing.configuration().thingIndexing()) {
            dynamic.reconcile();
        }
    }

    /**
     * The object store the account's jobs read documents from and presign device downloads on: the account's own
     * embedded store (whose objects path-style URLs of the server's own endpoints also name) or the external one.
     */
    private static JobObjectStore jobObjects(AccountScope scope, Shared shared, Optional<Blobs> blobs) {
        return shared.objects().forJobs(scope, blobs)
                .map(ports -> JobObjectStore.over(ports.blobs(), ports.downloads(), shared.ownEndpoint()))
                .orElse(JobObjectStore.NONE);
    }

    /**
     * Claims the certificates an account stored before its server kept owners (an older version, or a server of one
     * account). One another account holds too, from before, stays that account's: its devices act there.
     */
    private static void claimStoredCertificates(AccountScope scope, Security security) {
        List<String> elsewhere = security.certificates().claimStored();
        if (!elsewhere.isEmpty()) {
            LOG.warn("{} certificate(s) of account {} in {} are registered in another account too, and act there: {}",
                    elsewhere.size(), scope.accountId(), scope.region(), elsewhere);
        }
    }

    AccountScope scope() {
        return scope;
    }

    /** What the broker needs of this account, when it is not the home one: certificates, policies, namespace. */
    io.fleetline.broker.DeviceAccount deviceAccount() {
        return io.fleetline.broker.DeviceAccount.of(scope, security.certificates(), security.authorization(), true);
    }

    /**
     * Just-in-time registration in this account of a certificate a device presented (with its issuers); answers
     * whether the account took it. An account without MQTT takes none: nobody could hear of it.
     */
    boolean tryRegister(List<java.security.cert.X509Certificate> chain) {
        return registrations.map(r -> r.tryRegister(chain)).orElse(false);
    }

    Registry registry() {
        return registry;
    }

    Security security() {
        return security;
    }

    Jobs jobs() {
        return jobs;
    }

    /** The account's fleet indexing (configuration, searches). */
    FleetIndexing indexing() {
        return indexing.indexing();
    }

    /** The account's device shadows. */
    ShadowService shadows() {
        return shadows;
    }

    /** The account's OTA updates, where they are served (the embedded object store). */
    Optional<OtaUpdates> otaUpdates() {
        return ota.map(AccountOta::updates);
    }

    /** The account's MQTT file streams; {@code streams().delivery()} answers devices' requests on the streams topics. */
    Streams streams() {
        return streams;
    }

    /** Code signing: the account's ACM certificates, signing profiles and jobs (OTA updates read signatures here). */
    Signing signing() {
        return signing;
    }

    HandlerRegistry handlers() {
        return handlers;
    }

    /** The S3 API of the account's embedded object store; empty when objects live on an external store. */
    Optional<S3Handlers> s3() {
        return s3;
    }

    /**
     * Deletes everything the account owns but its access keys, and what the services remember of it: its buckets and
     * objects too, the rows with the rest and then the bytes no row references any more (all of them).
     */
    void wipe() {
        database.wipe(KEPT_BY_RESET);
        indexing.indexing().reset();
        registry.dynamicGroups().forget();
        indexing.things().forgetConnectivity();
        jobs.forgetCachedState();
        streams.forgetCachedState();
        blobs.ifPresent(store -> store.sweeper().sweepAll());
    }

    /** One tick of the account's OTA update worker, when it has OTA updates (tests tick it through the server). */
    void tickOta() {
        ota.ifPresent(o -> o.updates().tick());
    }

    /** Stops the rollout engine and the OTA update worker; the database stays open until {@link #close()}. */
    void stopEngine() {
        ota.ifPresent(AccountOta::close);
        scheduler.ifPresent(JobScheduler::close);
    }

    /** Closes the fleet index cleanly (the next start reopens it as it is); before the database closes. */
    void closeIndexing() {
        indexing.indexing().close();
    }

    @Override
    public void close() {
        stopEngine();
        closeIndexing();
        database.close();
    }
}
