package io.fleetline.agent.internal.deviceclient;

import static io.fleetline.agent.internal.deviceclient.Documents.document;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.fleetline.agent.JobHandler.Outcome;
import io.fleetline.agent.internal.deviceclient.DeviceClientJobs.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Device Client job documents carried out with real processes, in a temporary handler directory. */
class DeviceClientJobsTest {
    private static final List<String> ALLOWED = List.of("echo", "printf", "sh", "touch", "id", "seq");
    @TempDir
    Path dir;
    private HandlerFixture handlers;
    private Path work;

    @BeforeEach
    void handler_directory() throws Exception {
        handlers = HandlerFixture.in(dir);
        work = Files.createDirectories(dir.resolve("work"));
        handlers.script("greet.sh", "echo \"hello $2 from ${1:-the agent}\"");
    }

    @Test
    void a_handler_runs_with_the_user_and_arguments_and_its_stdout_is_reported() throws Exception {
        Outcome outcome = run(jobs(), document().includeStdOut().handler("Greet", "greet.sh", "world"));

        assertThat(outcome).isEqualTo(new Outcome.Succeeded(Map.of("reason", "Job exited with status: 0",
                "stdout", "hello world from the agent")));
    }

    @Test
    void stdout_is_reported_only_when_the_document_includes_it() throws Exception {
        Outcome outcome = run(jobs(), document().handler("Greet", "greet.sh", "world"));

        assertThat(outcome).isEqualTo(new Outcome.Succeeded(Map.of("reason", "Job exited with status: 0")));
    }

    @Test
    void a_step_that_exits_non_zero_fails_the_job_with_its_status_and_stderr() throws Exception {
        handlers.script("write.sh", "echo 'No space left on device' >&2; exit 3");

        Outcome outcome = run(jobs(), document().handler("Write", "write.sh"));

        assertThat(outcome).isEqualTo(new Outcome.Failed("Job exited with status: 3 (step Write)", Map.of(
                "reason", "Job exited with status: 3 (step Write)", "stderr", "No space left on device")));
    }

    @Test
    void lines_on_stderr_fail_a_step_beyond_what_allow_std_err_allows() throws Exception {
        handlers.script("warn.sh", "printf 'warning one\\nwarning two' >&2");

        String reason = "step Warn wrote 2 lines to stderr; allowStdErr allows 0";
        assertThat(run(jobs(), document().handler("Warn", "warn.sh"))).isEqualTo(new Outcome.Failed(reason,
                Map.of("reason", reason, "stderr", "warning one warning two")));
        assertThat(run(jobs(), document().handler("Warn", "warn.sh", Map.of("allowStdErr", 1))))
                .isInstanceOf(Outcome.Failed.class);
        assertThat(run(jobs(), document().handler("Warn", "warn.sh", Map.of("allowStdErr", 2))))
                .isEqualTo(new Outcome.Succeeded(Map.of("reason", "Job exited with status: 0",
                        "stderr", "warning one warning two")));
    }

    @Test
    void a_step_that_ignores_its_failure_lets_the_next_steps_run() throws Exception {
        Path second = work.resolve("second");
        Documents steps = document().command("Fail", "sh,-c,exit 5", Map.of("ignoreStepFailure", "true"))
                .command("Second", "touch," + second);

        assertThat(run(jobs(), steps)).isInstanceOf(Outcome.Succeeded.class);
        assertThat(second).exists();
    }

    @Test
    void a_failed_step_stops_the_job_before_the_next_steps() throws Exception {
        Path second = work.resolve("second");
        Documents steps = document().command("Fail", "sh,-c,exit 5").command("Second", "touch," + second);

        assertThat(run(jobs(), steps)).isInstanceOf(Outcome.Failed.class);
        assertThat(second).doesNotExist();
    }

    @Test
    void the_final_step_runs_last_once_the_steps_succeeded() throws Exception {
        Path cleaned = work.resolve("cleaned");

        Outcome outcome = run(jobs(), document().includeStdOut().command("Echo", "echo,working")
                .finalCommand("Clean up", "touch," + cleaned));

        assertThat(outcome).isEqualTo(new Outcome.Succeeded(Map.of("reason", "Job exited with status: 0",
                "stdout", "working")));
        assertThat(cleaned).exists();
    }

    @Test
    void the_final_step_does_not_run_after_a_step_failed_as_in_the_device_client() throws Exception {
        Path cleaned = work.resolve("cleaned");

        Outcome outcome = run(jobs(), document().command("Fail", "sh,-c,exit 1")
                .finalCommand("Clean up", "touch," + cleaned));

        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
        assertThat(cleaned).doesNotExist();
    }

    @Test
    void a_failing_final_step_fails_the_job() throws Exception {
        Outcome outcome = run(jobs(), document().command("Echo", "echo,ok").finalCommand("Clean up", "sh,-c,exit 4"));

        assertThat(outcome).isEqualTo(new Outcome.Failed("Job exited with status: 4 (step Clean up)",
                Map.of("reason", "Job exited with status: 4 (step Clean up)")));
    }

    @Test
    void a_command_not_in_the_allow_list_is_rejected_before_any_step_runs() throws Exception {
        Path first = work.resolve("first");

        Outcome outcome = run(jobs(), document().command("First", "touch," + first).command("Remove", "rm,-rf," + dir));

        assertThat(outcome).isEqualTo(new Outcome.Rejected(
                "command rm is not in the allow-list of this agent (step Remove); allowed: echo, id, printf, seq, sh, "
                        + "touch"));
        assertThat(first).doesNotExist();
        assertThat(dir).exists();
    }

    @Test
    void a_program_allowed_by_its_name_is_not_allowed_from_another_path() throws Exception {
        Outcome outcome = run(jobs(), document().command("Echo", dir + "/echo,hi"));

        assertThat(outcome).isEqualTo(new Outcome.Rejected(
                "command " + dir + "/echo is not in the allow-list of this agent (step Echo); allowed: echo, id, printf, "
                        + "seq, sh, touch"));
    }

    @Test
    void a_handler_directory_others_may_read_is_refused_with_the_reason() throws Exception {
        handlers.mode("rwxr-xr-x");

        Outcome outcome = run(jobs(), document().handler("Greet", "greet.sh", "world"));

        String reason = "step Greet: handler directory " + handlers.directory() + " has mode 0755; it must be 0700 "
                + "(only the agent's user may read, change or enter it)";
        assertThat(outcome).isEqualTo(new Outcome.Failed(reason, Map.of("reason", reason)));
    }

    @Test
    void a_handler_others_may_change_is_not_run() throws Exception {
        Path ran = work.resolve("ran");
        Path handler = handlers.script("loose.sh", "touch " + ran);
        Files.setPosixFilePermissions(handler, PosixFilePermissions.fromString("rwx-w--w-"));

        Outcome outcome = run(jobs(), document().handler("Loose", "loose.sh"));

        assertThat(((Outcome.Failed) outcome).reason()).isEqualTo("step Loose: handler " + handler
                + " has mode 0722: others than its owner may change it, so the agent does not run it (use 0700)");
        assertThat(ran).doesNotExist();
    }

    @Test
    void arguments_reach_handlers_and_commands_without_shell_interpretation() throws Exception {
        Path pwned = work.resolve("pwned");
        handlers.script("args.sh", "shift; printf '[%s]' \"$@\"");
        String substitution = "$(touch " + pwned + ")";

        Outcome handler = run(jobs(), document().includeStdOut().handler("Args", "args.sh", substitution,
                "a; touch " + pwned, "*", "`touch " + pwned + "`"));
        Outcome command = run(jobs(), document().includeStdOut().command("Printf",
                "printf,[%s],$(touch " + pwned + "),*,a b"));

        assertThat(((Outcome.Succeeded) handler).statusDetails()).containsEntry("stdout",
                "[" + substitution + "][a; touch " + pwned + "][*][`touch " + pwned + "`]");
        assertThat(((Outcome.Succeeded) command).statusDetails()).containsEntry("stdout",
                "[" + substitution + "][*][a b]");
        assertThat(pwned).doesNotExist();
    }

    @Test
    void reported_output_is_the_last_1024_characters() throws Exception {
        Outcome outcome = run(jobs(), document().includeStdOut().command("Count", "seq,1,200000"));

        String stdout = ((Outcome.Succeeded) outcome).statusDetails().get("stdout");
        assertThat(stdout).hasSizeLessThanOrEqualTo(1024).endsWith("199999 200000").doesNotContain("\n");
    }

    @Test
    void a_step_that_outlives_its_timeout_is_killed_with_what_it_started() throws Exception {
        Path pid = work.resolve("pid");
        handlers.script("hang.sh", "sleep 60 & echo $! > " + pid + "; wait");
        DeviceClientJobs jobs = new DeviceClientJobs(handlers.directory(), ALLOWED, () -> {
        }, new Limits(Duration.ofSeconds(1), 16 * 1024));
        Instant started = Instant.now();

        Outcome outcome = run(jobs, document().handler("Hang", "hang.sh"));

        assertThat(outcome).isEqualTo(new Outcome.Failed("step Hang did not finish within 1 s and was killed",
                Map.of("reason", "step Hang did not finish within 1 s and was killed")));
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(30));
        long sleeper = Long.parseLong(Files.readString(pid).strip());
        Optional<ProcessHandle> child = ProcessHandle.of(sleeper);
        if (child.isPresent()) {
            assertThat(child.get().onExit()).as("the handler's child was killed too")
                    .succeedsWithin(Duration.ofSeconds(10));
        }
    }

    @Test
    void a_root_agent_runs_a_step_as_its_run_as_user() throws Exception {
        assumeThat(CurrentUser.ofThisProcess().isRoot()).as("the agent runs as root").isTrue();

        Outcome command = run(jobs(), document().includeStdOut().command("Who", "id,-un",
                Map.of("runAsUser", "nobody")));
        Outcome handler = run(jobs(), document().includeStdOut().handler("Greet", "greet.sh",
                Map.of("runAsUser", "nobody"), "world"));

        assertThat(((Outcome.Succeeded) command).statusDetails()).containsEntry("stdout", "nobody");
        assertThat(((Outcome.Succeeded) handler).statusDetails()).containsEntry("stdout", "hello world from nobody");
    }

    @Test
    void a_step_for_a_user_the_device_does_not_have_is_refused() throws Exception {
        Outcome outcome = run(jobs(), document().command("Who", "id,-un", Map.of("runAsUser", "no-such-user-x")));

        assertThat(((Outcome.Failed) outcome).reason())
                .isEqualTo("step Who: there is no user no-such-user-x on this device to run the step as");
    }

    @Test
    void an_agent_that_is_not_root_runs_steps_only_as_itself() throws Exception {
        DeviceClientJobs jobs = new DeviceClientJobs(handlers.directory(), ALLOWED, () -> {
        }, Limits.DEFAULT, Map.of(), List.of(), "boot", new CurrentUser(1000, "device"));

        Outcome outcome = run(jobs, document().command("Who", "id,-un", Map.of("runAsUser", "nobody")));

        assertThat(((Outcome.Failed) outcome).reason())
                .isEqualTo("step Who: the agent runs as device, not root, so it cannot run a step as nobody");
    }

    @Test
    void an_invalid_document_is_rejected_with_the_reason() throws Exception {
        Outcome outcome = jobs().run(TestJob.of("{\"version\": \"1.0\"}", work));

        assertThat(outcome).isEqualTo(new Outcome.Rejected(
                "invalid job document: steps must be a non-empty array of steps"));
    }

    @Test
    void the_flat_form_runs_its_operation_from_the_handler_directory() throws Exception {
        Outcome outcome = jobs().run(TestJob.of(
                "{\"operation\": \"greet.sh\", \"args\": [\"flat\"], \"includeStdOut\": true}", work));

        assertThat(outcome).isEqualTo(new Outcome.Succeeded(Map.of("reason", "Job exited with status: 0",
                "stdout", "hello flat from the agent")));
    }

    @Test
    void handles_device_client_documents_only() {
        assertThat(jobs().handles(document().command("Echo", "echo").json())).isTrue();
        assertThat(jobs().handles("{\"afr_ota\": {\"files\": []}}")).isFalse();
    }

    private DeviceClientJobs jobs() {
        return new DeviceClientJobs(handlers.directory(), ALLOWED, () -> {
        });
    }

    private Outcome run(DeviceClientJobs jobs, Documents document) throws Exception {
        return jobs.run(TestJob.of(document.json(), work));
    }
}
