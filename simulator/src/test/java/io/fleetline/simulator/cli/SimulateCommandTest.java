package io.fleetline.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String err) {
    }

    private Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SimulateCommand()).setErr(new PrintWriter(err));
        PrintStream systemErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int exit = cli.execute(args);
            return new Run(exit, err + captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(systemErr);
        }
    }

    @Test
    void a_bad_profile_is_a_usage_error_that_says_where() throws Exception {
        Path profile = Files.writeString(dir.resolve("faults.yaml"), "faults:\n  failHealthCheck: 60%\n  slow: 50%\n");

        Run run = run("--fleet", "10", "--group", "G", "--profile", profile.toString(), "--data-dir", dir.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("bad profile", "faults.yaml: faults: the shares add up to 110%");
    }

    @Test
    void no_server_to_be_found_is_a_usage_error() {
        Run run = run("--fleet", "10", "--group", "G", "--data-dir", dir.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no running server found", "endpoint.json is missing");
    }

    @Test
    void refuses_a_duration_it_cannot_read_and_a_missing_fleet() {
        assertThat(run("--fleet", "10", "--group", "G", "--duration", "ten minutes").err())
                .contains("'ten minutes' is not a duration");
        assertThat(run("--group", "G").exit()).isEqualTo(2);
    }
}
