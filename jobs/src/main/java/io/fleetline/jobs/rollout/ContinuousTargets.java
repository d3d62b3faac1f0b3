package io.fleetline.jobs.rollout;

import io.fleetline.jobs.JobStore;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.execution.ExecutionUpdates;
import io.fleetline.jobs.execution.JobExecution;
import io.fleetline.jobs.job.Job;
import io.fleetline.jobs.job.JobStatus;
import io.fleetline.jobs.job.JobTargets;
import io.fleetline.jobs.job.TargetSelection;
import io.fleetline.registry.RegistryChange;
import io.fleetline.core.error.FleetlineException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps jobs in step with the registry. A thing that joins a target group (static, or dynamic as its query starts
 * to match) of a CONTINUOUS job gets the job (released
 * at the job's rate); one that leaves every target of such a job has its pending execution REMOVED, as has a
 * deleted thing for any job. {@link #reconcile()} redoes the joining side at start-up, in case the server stopped
 * between a registry change and its handling here.
 */
public final class ContinuousTargets {
    private final JobStore store;
    private final JobTargets targets;
    private final ExecutionUpdates updates;
    private final Clock clock;
    private final Runnable wakeEngine;

    public ContinuousTargets(JobStore store, JobTargets targets, ExecutionUpdates updates, Clock clock,
                             Runnable wakeEngine) {
        this.store = store;
        this.targets = targets;
        this.updates = updates;
        this.clock = clock;
        this.wakeEngine = wakeEngine;
    }

    public void changed(RegistryChange change) {
        switch (change) {
            case RegistryChange.MembershipChanged m -> membershipChanged(m.thingName());
            case RegistryChange.DynamicMembershipChanged d -> membershipChanged(d.thingName());
            case RegistryChange.ThingDeleted d -> thingDeleted(d.thingName());
            case RegistryChange.GroupChanged g -> reconcile();
            case RegistryChange.ThingChanged t -> {
                // attributes and types do not target jobs
            }
        }
    }

    /** Adds waiting rows for every current member of every continuous job's target groups. */
    public void reconcile() {
        for (Job job : continuousJobs()) {
            List<JobTargets.Resolved> resolved = new ArrayList<>();
            for (String target : job.targets()) {
                try {
                    resolved.addAll(targets.resolve(List.of(target)));
                } catch (FleetlineException deleted) {
                    // a target group deleted since the job was created has no things to add
                }
            }
            store.transact(tx -> JobTargets.addWaiting(tx, job.jobId(), resolved));
        }
        wakeEngine.run();
    }

    private void membershipChanged(String thingName) {
        Set<String> groups = targets.groupsOf(thingName);
        for (Job job : continuousJobs()) {
            if (targets.targets(job.targets(), thingName, groups)) {
                updates.onThing(thingName, (tx, ended) -> {
                    Optional<JobExecution> latest = tx.findExecution(job.jobId(), thingName);
                    if (latest.isPresent() && latest.get().status() == ExecutionStatus.REMOVED) {
                        tx.retryExecution(latest.get(), latest.get().retried(clock.instant()), Optional.empty());  // it came back
                    } else if (latest.isEmpty()) {
                        tx.addWaiting(job.jobId(), List.of(thingName));
                    }
                    return null;
                });
            } else {
                remove(job.jobId(), thingName);
            }
        }
        wakeEngine.run();
    }

    private void thingDeleted(String thingName) {
        store.transact(tx -> {
            tx.dropWaitingOfThing(thingName, Optional.empty());
            return null;
        });
        for (JobExecution pending : store.read(tx -> tx.pendingExecutions(thingName))) {
            remove(pending.jobId(), thingName);
        }
    }

    private void remove(String jobId, String thingName) {
        updates.onThing(thingName, (tx, ended) -> {
            tx.dropWaitingOfThing(thingName, Optional.of(jobId));
            tx.findExecution(jobId, thingName).filter(e -> e.status().pending()).ifPresent(e -> {
                JobExecution removed = e.with(ExecutionStatus.REMOVED, e.statusDetails(), clock.instant());
                tx.updateExecution(removed);
                ended.add(removed);
            });
            return null;
        });
    }

    private List<Job> continuousJobs() {
        return store.read(tx -> tx.activeJobs()).stream()
                .filter(job -> job.targetSelection() == TargetSelection.CONTINUOUS && job.status() == JobStatus.IN_PROGRESS)
                .toList();
    }
}
