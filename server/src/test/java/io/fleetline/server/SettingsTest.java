package io.fleetline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Settings come from flags, then FLEETLINE_* variables, then the --config file, then the defaults. */
class SettingsTest {

    private static Main.Serve parse(Map<String, String> env, Properties file, String... flags) {
        CommandLine cli = Main.commandLine(env, file);
        String[] args = new String[flags.length + 1];
        args[0] = "serve";
        System.arraycopy(flags, 0, args, 1, flags.length);
        cli.parseArgs(args);
        return cli.getSubcommands().get("serve").getCommand();
    }

    @Test
    void defaults_apply_when_nothing_is_set() {
        Main.Serve serve = parse(Map.of(), new Properties());

        assertThat(serve.httpPort).isEqualTo(8080);
        assertThat(serve.dataDir).isEqualTo(Path.of("./data"));
        assertThat(serve.bind).isEqualTo("127.0.0.1");
        assertThat(serve.region).isEqualTo("us-east-1");
        assertThat(serve.accountId).isEqualTo("000000000000");
        assertThat(serve.typeDeletionDelay).isEqualTo(Duration.ofMinutes(5));
        assertThat(serve.jobRetention).as("AWS purges ended jobs after 90 days").isEqualTo(Duration.ofDays(90));
        assertThat(serve.insecureNoAuth).isFalse();
    }

    @Test
    void a_flag_wins_over_the_environment_which_wins_over_the_file() {
        Properties file = new Properties();
        file.setProperty("http-port", "1111");
        file.setProperty("region", "eu-west-1");
        file.setProperty("account-id", "123456789012");
        Map<String, String> env = Map.of("FLEETLINE_HTTP_PORT", "2222", "FLEETLINE_REGION", "ap-south-1");

        Main.Serve serve = parse(env, file, "--http-port", "3333");

        assertThat(serve.httpPort).isEqualTo(3333);
        assertThat(serve.region).isEqualTo("ap-south-1");
        assertThat(serve.accountId).isEqualTo("123456789012");
    }

    @Test
    void the_database_url_and_no_auth_switch_come_from_the_environment_too() {
        Main.Serve serve = parse(Map.of("FLEETLINE_DB_URL", "jdbc:postgresql://db/x",
                "FLEETLINE_INSECURE_NO_AUTH", "true"), new Properties());

        assertThat(serve.dbUrl).isEqualTo("jdbc:postgresql://db/x");
        assertThat(serve.insecureNoAuth).isTrue();
    }

    @Test
    void job_retention_can_be_changed_or_turned_off_but_not_made_negative() {
        assertThat(parse(Map.of("FLEETLINE_JOB_RETENTION", "P365D"), new Properties()).jobRetention)
                .isEqualTo(Duration.ofDays(365));
        assertThat(parse(Map.of(), new Properties(), "--job-retention", "PT0S").jobRetention).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerConfig.defaults(Path.of("d"))
                        .withJobRetention(Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention");
    }
}
