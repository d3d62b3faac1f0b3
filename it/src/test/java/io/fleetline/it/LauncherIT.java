package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.testkit.ServerProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code ./fleetline serve}, the README's command, on the JDK this build runs on. */
class LauncherIT {
    /** The launcher at the root of the repository; the suites run in {@code it/}. */
    private static final Path LAUNCHER = Path.of("..", "fleetline").toAbsolutePath().normalize();

    @Test
    void a_server_started_by_the_launcher_prints_its_console_address_and_no_warnings_of_the_jvm() {
        try (ServerProcess server = ServerProcess.launch(LAUNCHER, "--ephemeral", "--http-port", "0", "--mqtt-port", "0",
                "--mqtt-ws-port", "-1", "--device-https-port", "-1")) {
            assertThat(server.isAlive()).as(String.join("\n", server.output())).isTrue();
            assertThat(server.output()).anyMatch(line -> line.startsWith("fleetline: ready"))
                    .anyMatch(line -> line.matches("console http://127\\.0\\.0\\.1:\\d+/console .*"))
                    .noneMatch(line -> line.startsWith("WARNING:"))
                    .noneMatch(line -> line.contains("sun.misc.Unsafe"));

            server.terminate();
            assertThat(server.waitForExit()).isIn(0, 143);
        }
    }
}
