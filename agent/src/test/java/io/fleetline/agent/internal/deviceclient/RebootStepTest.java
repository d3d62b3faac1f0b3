package io.fleetline.agent.internal.deviceclient;

import static io.fleetline.agent.internal.deviceclient.Documents.document;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.agent.JobHandler.Outcome;
import io.fleetline.agent.Reboot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AWS-Reboot's {@code reboot.sh} step, carried out through the agent's reboot and confirmed after the restart. */
class RebootStepTest {
    @TempDir
    Path dir;
    private final AtomicInteger reboots = new AtomicInteger();
    private HandlerFixture handlers;
    private Path before;
    private Path after;
    private TestJob job;

    @BeforeEach
    void a_job_that_reboots_between_two_steps() throws Exception {
        handlers = HandlerFixture.in(dir);
        Path work = Files.createDirectories(dir.resolve("work"));
        before = work.resolve("before");
        after = work.resolve("after");
        job = TestJob.of(document().command("Before", "touch," + before).handler("Reboot", "reboot.sh")
                .command("After", "touch," + after).json(), work);
    }

    @Test
    void the_step_reboots_through_the_agent_and_the_job_goes_on_after_the_restart() throws Exception {
        Outcome first = agent(reboots::incrementAndGet).run(job);

        assertThat(first).isEqualTo(new Outcome.Rebooting());
        assertThat(reboots).hasValue(1);
        assertThat(job.reports()).containsExactly(Map.of("reason", "Rebooting (step Reboot)"));
        assertThat(before).exists();
        assertThat(after).doesNotExist();

        Files.delete(before);
        Outcome afterRestart = agent(reboots::incrementAndGet, "boot-id:second").run(job);

        assertThat(afterRestart).isEqualTo(new Outcome.Succeeded(Map.of("reason", "Job exited with status: 0")));
        assertThat(reboots).as("no second reboot").hasValue(1);
        assertThat(before).as("the steps before the reboot do not run again").doesNotExist();
        assertThat(after).exists();
    }

    @Test
    void an_agent_restarted_without_a_reboot_does_not_count_as_the_reboot() throws Exception {
        agent(reboots::incrementAndGet, "boot-id:first").run(job);

        Outcome restarted = agent(reboots::incrementAndGet, "boot-id:first").run(job);

        String reason = "step Reboot asked for a reboot, but the device did not reboot (same boot id)";
        assertThat(restarted).isEqualTo(new Outcome.Failed(reason, Map.of("reason", reason)));
        assertThat(after).doesNotExist();
    }

    @Test
    void the_marker_of_the_reboot_is_in_the_jobs_own_directory_and_names_the_boot() throws Exception {
        agent(reboots::incrementAndGet, "boot-id:first").run(job);

        assertThat(Files.readString(job.workDirectory().resolve(RebootMarker.FILE_NAME)))
                .isEqualTo("boot=boot-id:first\nexecution=1\nstep=1\n");
    }

    @Test
    void this_boot_is_the_kernels_boot_id_where_linux_shows_it() throws Exception {
        Path bootId = Path.of("/proc/sys/kernel/random/boot_id");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(bootId));

        assertThat(DeviceClientJobs.thisBoot()).isEqualTo("boot-id:" + Files.readString(bootId).strip());
    }

    @Test
    void the_step_fails_when_the_agent_runs_the_job_again_without_having_restarted() throws Exception {
        DeviceClientJobs agent = agent(reboots::incrementAndGet);
        agent.run(job);

        Outcome again = agent.run(job);

        assertThat(again).isEqualTo(new Outcome.Failed("step Reboot rebooted the device, but the agent did not "
                + "restart", Map.of("reason", "step Reboot rebooted the device, but the agent did not restart")));
    }

    @Test
    void a_reboot_that_fails_fails_the_step_and_leaves_no_marker() throws Exception {
        Outcome outcome = agent(() -> {
            throw new IllegalStateException("not permitted");
        }).run(job);

        assertThat(((Outcome.Failed) outcome).reason()).isEqualTo("step Reboot: the reboot failed: not permitted");
        assertThat(job.workDirectory().resolve(RebootMarker.FILE_NAME)).doesNotExist();
        assertThat(after).doesNotExist();
    }

    @Test
    void a_marker_of_another_execution_does_not_count() throws Exception {
        agent(reboots::incrementAndGet).run(job);
        TestJob retry = new TestJob(job.jobId(), job.document(), 2, job.workDirectory(), job.reports());

        Outcome outcome = agent(reboots::incrementAndGet).run(retry);

        assertThat(outcome).isEqualTo(new Outcome.Rebooting());
        assertThat(reboots).hasValue(2);
    }

    /** An agent in the life the built-in reboot starts again: each one is a boot of its own. */
    private DeviceClientJobs agent(Reboot reboot) {
        return agent(reboot, "life:" + java.util.UUID.randomUUID());
    }

    private DeviceClientJobs agent(Reboot reboot, String boot) {
        return new DeviceClientJobs(handlers.directory(), List.of("touch"), reboot, DeviceClientJobs.Limits.DEFAULT,
                Map.of(), List.of(), boot, CurrentUser.ofThisProcess());
    }
}
