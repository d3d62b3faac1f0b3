package io.fleetline.storage.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.PageRequest;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.job.FailureType;
import io.fleetline.jobs.job.Job;
import io.fleetline.jobs.job.JobConfig;
import io.fleetline.jobs.job.JobConfigPatch;
import io.fleetline.jobs.job.JobFilter;
import io.fleetline.jobs.job.JobStatus;
import io.fleetline.jobs.job.JobService;
import io.fleetline.jobs.job.NewJob;
import io.fleetline.jobs.job.TargetSelection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Jobs from creation to deletion: targets, continuous jobs, cancellation, deletion, templates, validation. */
abstract class JobLifecycleContract extends JobsFixture {

    private static void refused(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FleetlineException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void group_targets_reach_the_things_of_every_group_below_once_each_in_target_order() {
        List<String> direct = things("a", 2);
        List<String> parentThings = things("p", 2);
        List<String> childThings = things("c", 2);
        String parent = group("parent", Optional.empty(), parentThings);
        group("child", Optional.of("parent"), childThings);
        registry.membership().add("child", direct.get(0));  // also targeted directly: one execution

        createJob("wide", List.of(thingArn(direct.get(1)), thingArn(direct.get(0)), parent), NO_CONFIG);
        tick();

        assertThat(statuses("wide")).hasSize(6).allSatisfy((thing, status) -> assertThat(status).isEqualTo(ExecutionStatus.QUEUED));
        List<String> order = new ArrayList<>();
        jobs.executions().listForJob("wide", Optional.empty(), PageRequest.of(250, null, 250)).items()
                .forEach(e -> order.add(e.thingName()));
        // executions list by thing name; target order shows in the release order under a rate
        createJob("ordered", List.of(thingArn(direct.get(1)), thingArn(direct.get(0)), parent),
                perMinute(1));
        tick();
        assertThat(statuses("ordered")).containsOnlyKeys(direct.get(1));
        assertThat(order).containsExactlyInAnyOrder("a-000", "a-001", "c-000", "c-001", "p-000", "p-001");
    }

    @Test
    void a_continuous_job_picks_up_things_that_join_and_removes_those_that_leave() {
        List<String> fleet = things("car", 2);
        String group = group("cars", Optional.empty(), fleet);
        createJob("always", List.of(group), TargetSelection.CONTINUOUS, NO_CONFIG);
        tick();
        run(fleet.get(0), ExecutionStatus.SUCCEEDED);
        run(fleet.get(1), ExecutionStatus.SUCCEEDED);
        tick();
        assertThat(jobs.jobs().describe("always").status()).as("continuous jobs never complete").isEqualTo(JobStatus.IN_PROGRESS);

        String late = things("late", 1).get(0);
        registry.membership().add("cars", late);
        tick();
        assertThat(statuses("always")).containsEntry(late, ExecutionStatus.QUEUED);

        registry.membership().remove("cars", late);
        assertThat(statuses("always")).containsEntry(late, ExecutionStatus.REMOVED);
        registry.membership().add("cars", late);
        tick();
        var again = jobs.executions().describe("always", late, Optional.empty());
        assertThat(again.status()).as("back in the group: a new execution").isEqualTo(ExecutionStatus.QUEUED);
        assertThat(again.executionNumber()).isEqualTo(2);
    }

    @Test
    void a_deleted_thing_has_its_pending_executions_removed_so_the_job_can_complete() {
        List<String> fleet = things("tag", 2);
        createJob("fw", fleet.stream().map(JobsFixture::thingArn).toList(), NO_CONFIG);
        tick();
        run(fleet.get(0), ExecutionStatus.SUCCEEDED);
        registry.things().delete(fleet.get(1), Optional.empty());
        tick();
        assertThat(statuses("fw")).containsEntry(fleet.get(1), ExecutionStatus.REMOVED);
        assertThat(jobs.jobs().describe("fw").status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void canceling_stops_the_rollout_and_cancels_queued_and_with_force_running_executions() {
        List<String> fleet = things("bulb", 6);
        String group = group("bulbs", Optional.empty(), fleet);
        createJob("halt", List.of(group), perMinute(2));
        tick();
        for (int i = 0; i < 2; i++) {
            advance(java.time.Duration.ofSeconds(30));
            tick();
        }
        run(fleet.get(0), ExecutionStatus.IN_PROGRESS);
        assertThat(statuses("halt")).as("two at once, two more a minute later").hasSize(4);

        Job canceled = jobs.jobs().cancel("halt", false, Optional.of("BAD_BUILD"), Optional.of("broken image"));
        assertThat(canceled.status()).isEqualTo(JobStatus.CANCELED);
        advance(java.time.Duration.ofMinutes(5));
        tick();
        assertThat(statuses("halt")).as("no more releases").hasSize(4)
                .containsEntry(fleet.get(0), ExecutionStatus.IN_PROGRESS).containsEntry(fleet.get(1), ExecutionStatus.CANCELED);
        Job described = jobs.jobs().describe("halt");
        assertThat(described.reasonCode()).contains("BAD_BUILD");
        assertThat(described.forceCanceled()).isFalse();

        jobs.jobs().cancel("halt", true, Optional.empty(), Optional.empty());
        assertThat(statuses("halt").values()).containsOnly(ExecutionStatus.CANCELED);
        assertThat(jobs.executions().describe("halt", fleet.get(0), Optional.empty()).forceCanceled()).isTrue();
        assertThat(jobs.jobs().describe("halt").forceCanceled()).isTrue();
    }

    @Test
    void at_most_a_hundred_snapshot_and_a_hundred_continuous_jobs_are_active_at_once() {
        String target = thingArn(things("lamp", 1).get(0));
        for (int i = 0; i < JobService.MAX_ACTIVE_JOBS_PER_SELECTION; i++) {
            createJob("snap-" + i, List.of(target), NO_CONFIG);
        }
        refused(ErrorCode.LIMIT_EXCEEDED, () -> createJob("one-too-many", List.of(target), NO_CONFIG));
        assertThatThrownBy(() -> jobs.jobs().describe("one-too-many")).as("nothing stored")
                .isInstanceOf(FleetlineException.class);
        createJob("continuous-0", List.of(target), TargetSelection.CONTINUOUS, NO_CONFIG);  // counted apart

        jobs.jobs().cancel("snap-0", false, Optional.empty(), Optional.empty());
        createJob("after-a-cancel", List.of(target), NO_CONFIG);
        refused(ErrorCode.LIMIT_EXCEEDED, () -> createJob("again-too-many", List.of(target), NO_CONFIG));
    }

    @Test
    void only_finished_jobs_are_deleted_without_force() {
        List<String> fleet = things("box", 2);
        createJob("old", fleet.stream().map(JobsFixture::thingArn).toList(), NO_CONFIG);
        tick();
        refused(ErrorCode.INVALID_STATE_TRANSITION, () -> jobs.jobs().delete("old", false));

        jobs.jobs().delete("old", true);
        refused(ErrorCode.RESOURCE_NOT_FOUND, () -> jobs.jobs().describe("old"));
        assertThat(jobs.device().pending(fleet.get(0)).executions()).isEmpty();
        createJob("old", fleet.stream().map(JobsFixture::thingArn).toList(), NO_CONFIG);  // the id is free again
    }

    @Test
    void a_deletion_a_stop_interrupted_is_finished_by_the_next_tick() {
        List<String> fleet = things("crate", 3);
        createJob("halfway", fleet.stream().map(JobsFixture::thingArn).toList(), NO_CONFIG);
        tick();
        // what a stop between DeleteJob's first transaction and its last leaves behind
        new JdbcJobStore(database).transact(tx -> {
            tx.updateJob(tx.findJob("halfway").orElseThrow().withStatus(JobStatus.DELETION_IN_PROGRESS, clock.instant()));
            return null;
        });
        restart();
        assertThat(jobs.device().pending(fleet.get(0)).executions()).hasSize(1);

        tick();
        refused(ErrorCode.RESOURCE_NOT_FOUND, () -> jobs.jobs().describe("halfway"));
        assertThat(jobs.device().pending(fleet.get(0)).executions()).isEmpty();
        createJob("halfway", fleet.stream().map(JobsFixture::thingArn).toList(), NO_CONFIG);  // the id is free again
    }

    @Test
    void ended_jobs_are_purged_ninety_days_after_they_ended_and_running_ones_are_kept() {
        List<String> fleet = things("meter", 3);
        createJob("done", List.of(thingArn(fleet.get(0))), NO_CONFIG);
        createJob("stopped", List.of(thingArn(fleet.get(1))), NO_CONFIG);
        createJob("running", List.of(thingArn(fleet.get(2))), NO_CONFIG);
        tick();
        run(fleet.get(0), ExecutionStatus.SUCCEEDED);
        run(fleet.get(1), ExecutionStatus.IN_PROGRESS);
        jobs.jobs().cancel("stopped", false, Optional.empty(), Optional.empty());  // its execution keeps running
        run(fleet.get(2), ExecutionStatus.IN_PROGRESS);
        registry.tags().tag(SCOPE.arn(ResourceType.JOB, "done"), Map.of("release", "2.1"));
        tick();
        assertThat(jobs.jobs().describe("done").status()).isEqualTo(JobStatus.COMPLETED);

        advance(java.time.Duration.ofDays(90).minusMinutes(1));
        tick();
        assertThat(jobs.jobs().describe("done").status()).as("kept until 90 days have passed").isEqualTo(JobStatus.COMPLETED);

        advance(java.time.Duration.ofHours(2));
        restart();  // what to purge is found from the database alone
        tick();
        refused(ErrorCode.RESOURCE_NOT_FOUND, () -> jobs.jobs().describe("done"));
        refused(ErrorCode.RESOURCE_NOT_FOUND, () -> jobs.jobs().describe("stopped"));
        assertThat(jobs.executions().listForThing(fleet.get(0), Optional.empty(), Optional.empty(),
                PageRequest.of(250, null, 250)).items()).as("its executions went with it").isEmpty();
        assertThat(jobs.device().pending(fleet.get(1)).executions()).as("the canceled job's running execution too")
                .isEmpty();
        assertThat(jobs.jobs().describe("running").status()).as("a job still running is kept however old")
                .isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(statuses("running")).containsEntry(fleet.get(2), ExecutionStatus.IN_PROGRESS);
        createJob("done", List.of(thingArn(fleet.get(0))), NO_CONFIG);  // the id is free again
        assertThat(registry.tags().list(SCOPE.arn(ResourceType.JOB, "done"))).as("the old job's tags went too")
                .isEmpty();
    }

    @Test
    void list_jobs_filters_by_status_selection_and_target_group_and_pages() {
        List<String> fleet = things("x", 1);
        String group = group("xs", Optional.empty(), fleet);
        for (int i = 0; i < 5; i++) {
            createJob("job-" + i, List.of(i % 2 == 0 ? group : thingArn(fleet.get(0))),
                    i == 4 ? TargetSelection.CONTINUOUS : TargetSelection.SNAPSHOT, NO_CONFIG);
        }
        jobs.jobs().cancel("job-1", false, Optional.empty(), Optional.empty());

        JobFilter none = new JobFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        var first = jobs.jobs().list(none, PageRequest.of(2, null, 50));
        assertThat(first.items()).extracting(Job::jobId).containsExactly("job-0", "job-1");
        var second = jobs.jobs().list(none, PageRequest.of(2, first.nextToken().orElseThrow(), 50));
        assertThat(second.items()).extracting(Job::jobId).containsExactly("job-2", "job-3");
        assertThat(jobs.jobs().list(new JobFilter(Optional.of(JobStatus.CANCELED), Optional.empty(), Optional.empty(),
                Optional.empty()), PageRequest.of(50, null, 50)).items()).extracting(Job::jobId).containsExactly("job-1");
        assertThat(jobs.jobs().list(new JobFilter(Optional.empty(), Optional.of(TargetSelection.CONTINUOUS),
                Optional.empty(), Optional.empty()), PageRequest.of(50, null, 50)).items()).extracting(Job::jobId)
                .containsExactly("job-4");
        assertThat(jobs.jobs().list(new JobFilter(Optional.empty(), Optional.empty(), Optional.of(group), Optional.empty()),
                PageRequest.of(50, null, 50)).items()).extracting(Job::jobId).containsExactly("job-0", "job-2", "job-4");
    }

    @Test
    void create_job_checks_its_targets_and_document() {
        String thing = things("t", 1).get(0);
        createJob("dup", List.of(thingArn(thing)), NO_CONFIG);

        refused(ErrorCode.RESOURCE_ALREADY_EXISTS, () -> createJob("dup", List.of(thingArn(thing)), NO_CONFIG));
        refused(ErrorCode.RESOURCE_NOT_FOUND, () -> createJob("ghost", List.of(thingArn("nobody")), NO_CONFIG));
        refused(ErrorCode.RESOURCE_NOT_FOUND, () -> createJob("ghost", List.of(SCOPE.arn(ResourceType.THING_GROUP, "none")), NO_CONFIG));
        refused(ErrorCode.INVALID_REQUEST, () -> createJob("other", List.of("arn:aws:iot:eu-west-1:123456789012:thing/t-000"), NO_CONFIG));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(thingArn("t-" + i));
        }
        refused(ErrorCode.INVALID_REQUEST, () -> createJob("many", many, NO_CONFIG));
        refused(ErrorCode.INVALID_REQUEST, () -> jobs.jobs().create(job("bad-doc", thing, Optional.of("{not json"), Optional.empty())));
        refused(ErrorCode.INVALID_REQUEST, () -> jobs.jobs().create(job("big-doc", thing,
                Optional.of("{\"x\":\"" + "y".repeat(32_800) + "\"}"), Optional.empty())));
        String variable = "${aws:iot:parameter:version}";
        jobs.jobs().create(job("ten-variables", thing, Optional.of("{\"v\":[\"" + String.join("\",\"",
                java.util.Collections.nCopies(10, variable)) + "\"]}"), Optional.empty()));
        refused(ErrorCode.INVALID_REQUEST, () -> jobs.jobs().create(job("eleven-variables", thing, Optional.of(
                "{\"v\":[\"" + String.join("\",\"", java.util.Collections.nCopies(11, variable)) + "\"]}"),
                Optional.empty())));
        // without an object store, nothing to read a document from or presign a download on
        refused(ErrorCode.INVALID_REQUEST, () -> jobs.jobs().create(job("s3", thing, Optional.empty(),
                Optional.of("https://s3.amazonaws.com/bucket/doc.json"))));
        refused(ErrorCode.INVALID_REQUEST, () -> jobs.jobs().create(job("presigned", thing, Optional.of(
                "{\"url\":\"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/bucket/fw.bin}\"}"), Optional.empty())));
        refused(ErrorCode.INVALID_REQUEST, () -> jobs.jobs().create(job("none", thing, Optional.empty(), Optional.empty())));
    }

    private static NewJob job(String id, String thing, Optional<String> document, Optional<String> source) {
        return new NewJob(id, List.of(thingArn(thing)), document, source, Optional.empty(), Optional.empty(),
                NO_CONFIG, Map.of(), Optional.empty(), Optional.empty(), Map.of());
    }

    @Test
    void every_configuration_of_a_job_and_a_template_reads_back_from_the_store_as_it_was_given() {
        String thing = things("t", 1).get(0);
        JobConfigPatch every = NO_CONFIG
                .withPresignedUrl(new JobConfig.PresignedUrl(Optional.of("arn:aws:iam::123456789012:role/ota"),
                        Optional.of(900L)))
                .withRollout(new JobConfig.Rollout(Optional.of(40), Optional.of(new JobConfig.ExponentialRate(4, 1.5,
                        Optional.of(8), Optional.of(2)))))
                .withAbort(List.of(new JobConfig.AbortCriterion(FailureType.FAILED, 12.5, 10),
                        new JobConfig.AbortCriterion(FailureType.ALL, 50, 4)))
                .withTimeout(JobConfigPatch.Timeout.minutes(45))
                .withRetry(List.of(new JobConfig.RetryCriterion(FailureType.TIMED_OUT, 2)))
                .withScheduling(JobConfig.Scheduling.of(Optional.of("2030-01-01T10:00"),
                        Optional.of("2030-01-02T10:00:00+01:00"), Optional.of(JobConfig.EndBehavior.FORCE_CANCEL),
                        List.of(new JobConfig.MaintenanceWindow("cron(0 1 ? * MON *)", 90))));
        JobConfig given = every.over(JobConfig.none());

        Job created = createJob("every", List.of(thingArn(thing)), every);
        jobs.templates().create("every", "every configuration", Optional.of("{}"), Optional.empty(), Optional.empty(),
                every, Map.of());

        assertThat(created.config()).isEqualTo(given);
        assertThat(jobs.jobs().describe("every").config()).isEqualTo(given);
        assertThat(jobs.templates().describe("every").config()).isEqualTo(given);
        jobs.jobs().update("every", Optional.empty(), NO_CONFIG.withAbort(List.of()).withTimeout(
                new JobConfigPatch.Timeout(Optional.empty())));
        JobConfig updated = jobs.jobs().describe("every").config();
        assertThat(updated.abort()).isEmpty();
        assertThat(updated.inProgressTimeoutMinutes()).isEmpty();
        assertThat(updated.rollout()).isEqualTo(given.rollout());
        assertThat(updated.scheduling()).isEqualTo(given.scheduling());
    }

    @Test
    void a_template_gives_a_job_its_document_and_configurations_and_the_job_may_override_them() throws Exception {
        String thing = things("t", 1).get(0);
        jobs.templates().create("ota", "firmware rollout", Optional.of("{\"operation\":\"ota\"}"), Optional.empty(),
                Optional.empty(), inProgressTimeout(20).withRollout(JobConfig.Rollout.maximumPerMinute(50)),
                Map.of("team", "fw"));
        refused(ErrorCode.CONFLICT, () -> jobs.templates().create("ota", "again", Optional.of("{}"), Optional.empty(),
                Optional.empty(), NO_CONFIG, Map.of()));

        Job job = jobs.jobs().create(NewJob.builder("from-template", List.of(thingArn(thing)))
                .config(inProgressTimeout(5)).jobTemplateArn(jobs.templates().arnOf("ota")).build());
        assertThat(job.document()).isEqualTo("{\"operation\":\"ota\"}");
        assertThat(job.config().inProgressTimeoutMinutes()).contains(5L);
        assertThat(job.config().rollout().orElseThrow().maximumPerMinute()).contains(50);

        jobs.templates().create("copy", "from a job", Optional.empty(), Optional.empty(),
                Optional.of(SCOPE.arn(ResourceType.JOB, "from-template")), NO_CONFIG, Map.of());
        assertThat(jobs.templates().describe("copy").config().inProgressTimeoutMinutes()).contains(5L);
        assertThat(jobs.templates().list(PageRequest.of(50, null, 50)).items()).hasSize(2);
        jobs.templates().delete("ota");
        refused(ErrorCode.RESOURCE_NOT_FOUND, () -> jobs.templates().describe("ota"));
    }
}
