package io.fleetline.agent.internal.deviceclient;

import static io.fleetline.agent.internal.deviceclient.Documents.document;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.fleetline.agent.JobHandler.Outcome;
import io.fleetline.agent.internal.deviceclient.DeviceClientJobs.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a job may not touch: AWS-Download-File writes nowhere in the agent's state, handler or code-signing
 * directories, however the path is spelled; handlers run only from a directory, and as files, that belong to the
 * agent's user or root.
 */
class AgentOwnFilesTest {
    @TempDir
    Path dir;
    private HandlerFixture handlers;
    private Path state;
    private Path signers;
    private Path work;

    @BeforeEach
    void an_agent_with_its_directories() throws Exception {
        handlers = HandlerFixture.in(dir);
        state = Files.createDirectories(dir.resolve("state"));
        signers = Files.createDirectories(dir.resolve("code-signers"));
        work = Files.createDirectories(state.resolve("jobs/job-1"));
        // stands in for the real download-file.sh: writes the file it is given
        handlers.script("download-file.sh", "printf planted > \"$3\"");
    }

    private DeviceClientJobs jobs(CurrentUser user) {
        return new DeviceClientJobs(handlers.directory(), List.of(), () -> {
        }, Limits.DEFAULT, Map.of(), List.of(state, signers), "boot", user);
    }

    private Outcome download(String file) throws Exception {
        return jobs(CurrentUser.ofThisProcess()).run(TestJob.of(document().handler("Download-File",
                "download-file.sh", "https://example.com/x", file).json(), work));
    }

    private static String reason(Outcome outcome) {
        return ((Outcome.Failed) outcome).reason();
    }

    @Test
    void a_download_into_the_state_directory_is_refused_and_nothing_is_written() throws Exception {
        Path journal = state.resolve("journal.json");

        Outcome outcome = download(journal.toString());

        assertThat(reason(outcome)).isEqualTo("step Download-File: the file " + journal + " is in " + state
                + ", which the agent keeps for itself; it does not download into it");
        assertThat(journal).doesNotExist();
    }

    @Test
    void a_download_into_the_handler_or_code_signing_directory_is_refused() throws Exception {
        assertThat(reason(download(handlers.directory().resolve("evil.sh").toString())))
                .contains("which the agent keeps for itself");
        assertThat(reason(download(signers.resolve("ecdsasigner.crt").toString())))
                .contains("is in " + signers + ",");
        assertThat(handlers.directory().resolve("evil.sh")).doesNotExist();
        assertThat(signers.resolve("ecdsasigner.crt")).doesNotExist();
    }

    @Test
    void a_path_that_reaches_the_state_directory_through_dot_dot_or_a_link_is_refused() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("tmp"));
        Files.createSymbolicLink(elsewhere.resolve("link"), state);
        Files.createSymbolicLink(elsewhere.resolve("dangling"), state.resolve("slots-new"));

        String viaLink = elsewhere.resolve("link/journal.json").toString();
        String viaDots = elsewhere + "/../state/journal.json";
        String viaMissing = elsewhere + "/missing/../../state/journal.json";
        String viaDangling = elsewhere.resolve("dangling").toString();

        for (String path : List.of(viaLink, viaDots, viaMissing, viaDangling)) {
            assertThat(reason(download(path))).as(path).contains("which the agent keeps for itself");
        }
        assertThat(reason(download(viaLink))).contains("(it is " + state.toRealPath().resolve("journal.json") + ")");
        assertThat(state.resolve("journal.json")).doesNotExist();
        assertThat(state.resolve("slots-new")).doesNotExist();
    }

    @Test
    void a_download_elsewhere_runs() throws Exception {
        Path target = Files.createDirectories(dir.resolve("opt/app")).resolve("app.conf");

        Outcome outcome = download(target.toString());

        assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
        assertThat(target).hasContent("planted");
    }

    @Test
    void a_handler_directory_of_another_user_is_refused() throws Exception {
        assumeThat(CurrentUser.ofThisProcess().isRoot()).as("only root can give a directory away").isTrue();
        handlers.script("greet.sh", "echo hello");
        Files.setOwner(handlers.directory(), nobody());

        Outcome outcome = jobs(CurrentUser.ofThisProcess()).run(TestJob.of(document().handler("Greet", "greet.sh")
                .json(), work));

        assertThat(reason(outcome)).isEqualTo("step Greet: handler directory " + handlers.directory()
                + " belongs to nobody (uid 65534); it must belong to the agent's user (root) or root, so that no one "
                + "else can change what a job runs");
    }

    @Test
    void a_handler_of_another_user_is_refused_one_of_root_or_the_agents_user_runs() throws Exception {
        assumeThat(CurrentUser.ofThisProcess().isRoot()).as("only root can give a file away").isTrue();
        Path greet = handlers.script("greet.sh", "echo hello");
        Files.setOwner(greet, nobody());
        String document = document().handler("Greet", "greet.sh").json();

        Outcome asRoot = jobs(CurrentUser.ofThisProcess()).run(TestJob.of(document, work));
        Outcome asNobody = jobs(new CurrentUser(65534, "nobody")).run(TestJob.of(document, work));

        assertThat(reason(asRoot)).isEqualTo("step Greet: handler " + greet + " belongs to nobody (uid 65534); it "
                + "must belong to the agent's user (root) or root, so that no one else can change what a job runs");
        assertThat(asNobody).as("the agent's own handler, in root's directory").isInstanceOf(Outcome.Succeeded.class);
    }

    private static UserPrincipal nobody() throws Exception {
        return dir().getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    }

    private static Path dir() {
        return Path.of("/");
    }
}
