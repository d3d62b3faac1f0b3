package io.fleetline.storage.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.bus.MessageBus;
import io.fleetline.core.page.PageRequest;
import io.fleetline.core.time.ManualClock;
import io.fleetline.jobs.Jobs;
import io.fleetline.jobs.device.DeviceUpdate;
import io.fleetline.jobs.document.JobObjectStore;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.execution.JobExecution;
import io.fleetline.jobs.job.FailureType;
import io.fleetline.jobs.job.Job;
import io.fleetline.jobs.job.JobConfig;
import io.fleetline.jobs.job.JobConfigPatch;
import io.fleetline.jobs.job.JobProcessDetails;
import io.fleetline.jobs.job.NewJob;
import io.fleetline.jobs.job.TargetSelection;
import io.fleetline.jobs.rollout.JobRetention;
import io.fleetline.registry.Registry;
import io.fleetline.storage.Database;
import io.fleetline.storage.registry.JdbcRegistryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh database with the registry and jobs services on it, a manual clock, and the helpers the jobs suites
 * share. The rollout engine only moves when a test calls {@link #tick()}.
 */
abstract class JobsFixture {
    static final AccountScope SCOPE = new AccountScope("us-east-1", "123456789012");
    static final ObjectMapper JSON = new ObjectMapper();
    /** No configurations given. */
    static final JobConfigPatch NO_CONFIG = JobConfigPatch.none();

    final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T12:00:00Z"));
    String url;
    Database database;
    Registry registry;
    Jobs jobs;

    abstract String newDatabaseUrl();

    abstract void dropDatabase(String url);

    @BeforeEach
    void open() {
        url = newDatabaseUrl();
        start();
    }

    @AfterEach
    void close() {
        database.close();
        dropDatabase(url);
    }

    private void start() {
        database = Database.open(url);
        registry = Registry.create(new JdbcRegistryStore(database), SCOPE, clock, Duration.ofMinutes(5));
        jobs = Jobs.create(new JdbcJobStore(database), registry, bus(), SCOPE, clock, JobRetention.AWS_PERIOD,
                objects(database));
    }

    /** Where the jobs services publish to devices: nowhere, unless a suite listens. */
    MessageBus bus() {
        return MessageBus.NONE;
    }

    /** The object store of the account: none, unless a suite gives the jobs services one. */
    JobObjectStore objects(Database opened) {
        return JobObjectStore.NONE;
    }

    /** What a server restart keeps: the database. Everything in memory starts again. */
    void restart() {
        database.close();
        start();
        jobs.reconcile();
    }

    /** What a database needs before the services first open it (and bring it up to date). */
    interface Preparation {
        void prepare(String url) throws Exception;
    }

    /** Starts again on a new database that {@code preparation} set up first, as an earlier release might have left it. */
    void startOver(Preparation preparation) throws Exception {
        database.close();
        dropDatabase(url);
        url = newDatabaseUrl();
        preparation.prepare(url);
        start();
    }

    void tick() {
        jobs.engine().tick();
    }

    void advance(Duration by) {
        clock.advance(by);
    }

    List<String> things(String prefix, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = String.format("%s-%03d", prefix, i);
            registry.things().create(name, Optional.empty(), Map.of());
            names.add(name);
        }
        return names;
    }

    String group(String name, Optional<String> parent, List<String> members) {
        registry.groups().create(name, parent, Optional.empty(), Map.of(), Map.of());
        members.forEach(thing -> registry.membership().add(name, thing));
        return SCOPE.arn(ResourceType.THING_GROUP, name);
    }

    static String thingArn(String name) {
        return SCOPE.arn(ResourceType.THING, name);
    }

    Job createJob(String jobId, List<String> targets, JobConfigPatch config) {
        return createJob(jobId, targets, TargetSelection.SNAPSHOT, config);
    }

    Job createJob(String jobId, List<String> targets, TargetSelection selection, JobConfigPatch config) {
        return jobs.jobs().create(NewJob.builder(jobId, targets).document("{\"operation\":\"update\"}")
                .description("test job").targetSelection(selection).config(config).build());
    }

    /** A constant rollout rate and nothing else. */
    static JobConfigPatch perMinute(int max) {
        return NO_CONFIG.withRollout(JobConfig.Rollout.maximumPerMinute(max));
    }

    static JobConfigPatch inProgressTimeout(long minutes) {
        return NO_CONFIG.withTimeout(JobConfigPatch.Timeout.minutes(minutes));
    }

    /** Releases only inside {@code window}. */
    static JobConfig.Scheduling windows(JobConfig.MaintenanceWindow window) {
        return JobConfig.Scheduling.of(Optional.empty(), Optional.empty(), Optional.empty(), List.of(window));
    }

    static List<JobConfig.RetryCriterion> retries(FailureType type, int times) {
        return List.of(new JobConfig.RetryCriterion(type, times));
    }

    /** Thing name to the status of its latest execution. */
    Map<String, ExecutionStatus> statuses(String jobId) {
        Map<String, ExecutionStatus> statuses = new TreeMap<>();
        for (String after = null; ; ) {
            var page = jobs.executions().listForJob(jobId, Optional.empty(), PageRequest.of(250, after, 250));
            page.items().forEach(e -> statuses.put(e.thingName(), e.status()));
            if (page.nextToken().isEmpty()) {
                return statuses;
            }
            after = page.nextToken().get();
        }
    }

    JobProcessDetails details(String jobId) {
        return jobs.jobs().processDetails(jobId);
    }

    /** The device starts its next execution and reports {@code status} for it. */
    JobExecution run(String thing, ExecutionStatus status) {
        JobExecution started = jobs.device().startNext(thing, Optional.empty(), Optional.empty()).orElseThrow().execution();
        if (status == ExecutionStatus.IN_PROGRESS) {
            return started;
        }
        return report(thing, started.jobId(), status);
    }

    JobExecution report(String thing, String jobId, ExecutionStatus status) {
        return jobs.device().update(thing, jobId, new DeviceUpdate(status, Optional.of(Map.of("step", status.name())),
                Optional.empty(), Optional.empty(), Optional.empty())).execution();
    }
}
