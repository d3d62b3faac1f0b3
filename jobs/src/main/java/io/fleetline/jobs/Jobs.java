package io.fleetline.jobs;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.bus.MessageBus;
import io.fleetline.jobs.device.DeviceJobs;
import io.fleetline.jobs.document.JobObjectStore;
import io.fleetline.jobs.document.S3Documents;
import io.fleetline.jobs.device.Notifier;
import io.fleetline.jobs.events.EventConfigurations;
import io.fleetline.jobs.events.JobEvents;
import io.fleetline.jobs.events.JobsListener;
import io.fleetline.jobs.execution.ExecutionService;
import io.fleetline.jobs.execution.ExecutionUpdates;
import io.fleetline.jobs.job.JobService;
import io.fleetline.jobs.job.JobDocuments;
import io.fleetline.jobs.job.JobTargets;
import io.fleetline.jobs.plan.JobPlanService;
import io.fleetline.jobs.rollout.Cancellation;
import io.fleetline.jobs.rollout.ContinuousTargets;
import io.fleetline.jobs.rollout.JobEngine;
import io.fleetline.jobs.rollout.JobRetention;
import io.fleetline.jobs.template.JobTemplateService;
import io.fleetline.jobs.template.ManagedTemplates;
import io.fleetline.registry.Registry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The jobs services over one store, wired together: the control plane, the device API, and the engine that rolls
 * jobs out. {@link #onWake(Runnable)} connects the engine to whatever runs its ticks.
 */
public final class Jobs {
    private final JobService jobs;
    private final ExecutionService executions;
    private final JobTemplateService templates;
    private final JobPlanService plans;
    private final EventConfigurations eventConfigurations;
    private final DeviceJobs device;
    private final JobEngine engine;
    private final ContinuousTargets continuous;
    private final JobStore store;
    private final JobDocuments documents;
    private final JobEvents events;
    private final AtomicReference<Runnable> wake = new AtomicReference<>(() -> { });

    private Jobs(JobStore store, Registry registry, MessageBus bus, AccountScope scope, Clock clock,
                 Duration retention, JobObjectStore objects) {
        this.store = store;
        Runnable wakeEngine = () -> wake.get().run();
        this.eventConfigurations = new EventConfigurations(store, clock);
        JobEvents events = new JobEvents(bus, scope, eventConfigurations, clock);
        this.events = events;
        S3Documents s3 = new S3Documents(objects);
        this.documents = new JobDocuments(store, s3);
        Notifier notifier = new Notifier(bus, documents::of, clock);
        ExecutionUpdates updates = new ExecutionUpdates(store, notifier, events);
        Cancellation cancellation = new Cancellation(store, updates, events, documents, scope, clock);
        JobTargets targets = new JobTargets(registry, scope);
        this.jobs = new JobService(store, targets, cancellation, s3, ManagedTemplates.aws(), documents, scope, clock,
                wakeEngine);
        this.executions = new ExecutionService(store, updates, clock);
        this.templates = new JobTemplateService(store, s3, scope, clock);
        this.plans = new JobPlanService(store, wakeEngine);
        this.device = new DeviceJobs(store, updates, s3, clock);
        this.engine = new JobEngine(store, updates, cancellation, events,
                new JobRetention(store, cancellation, retention, clock), clock);
        this.continuous = new ContinuousTargets(store, targets, updates, clock, wakeEngine);
        registry.changes().onChange(continuous::changed);
        registry.tags().cover(ResourceType.JOB, jobs::describe);
        registry.tags().cover(ResourceType.JOB_TEMPLATE, templates::describe);
    }

    /**
     * Wires the jobs services, which publish to devices on the bus (their requests reach {@link #device()} through
     * an adapter's dispatcher); ended jobs are kept as long as on AWS, and there is no object store
     * ({@link JobObjectStore#NONE}).
     */
    public static Jobs create(JobStore store, Registry registry, MessageBus bus, AccountScope scope, Clock clock) {
        return create(store, registry, bus, scope, clock, JobRetention.AWS_PERIOD, JobObjectStore.NONE);
    }

    /**
     * {@link #create(JobStore, Registry, MessageBus, AccountScope, Clock)}, keeping ended jobs for {@code retention},
     * with the account's object store: documents are read from it ({@code documentSource}) and the presigned URLs
     * devices get are made on it.
     */
    public static Jobs create(JobStore store, Registry registry, MessageBus bus, AccountScope scope, Clock clock,
                              Duration retention, JobObjectStore objects) {
        return new Jobs(store, registry, bus, scope, clock, retention, objects);
    }

    /** Tells {@code wake} whenever the engine has new work (a job created, an execution ended). */
    public void onWake(Runnable runnable) {
        wake.set(runnable);
    }

    /** Tells {@code listener} how jobs and their executions move, from now on (the server counts it). */
    public void listen(JobsListener listener) {
        events.listen(listener);
    }

    /** Drops what is kept in memory about the store's contents, after the store was wiped (a reset). */
    public void forgetCachedState() {
        documents.forgetAll();
        eventConfigurations.forget();
    }

    /** Catches up with registry changes the server may have missed while it was down. */
    public void reconcile() {
        continuous.reconcile();
    }

    public JobService jobs() {
        return jobs;
    }

    public ExecutionService executions() {
        return executions;
    }

    public JobTemplateService templates() {
        return templates;
    }

    /** AWS's managed job templates, which CreateJob's {@code jobTemplateArn} may name. */
    public ManagedTemplates managedTemplates() {
        return ManagedTemplates.aws();
    }

    /** Fleetline's additions: rollout plans with cohorts, approvals, pause, health checks and retry backoff. */
    public JobPlanService plans() {
        return plans;
    }

    /** Which events are published (UpdateEventConfigurations). */
    public EventConfigurations eventConfigurations() {
        return eventConfigurations;
    }

    public DeviceJobs device() {
        return device;
    }

    public JobEngine engine() {
        return engine;
    }
}
