package io.fleetline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fleetline.s3store.ChecksumMode;
import io.fleetline.s3store.ExternalStoreOptions;
import io.fleetline.s3store.S3Credentials;
import io.fleetline.s3store.S3Location;
import io.fleetline.server.config.AuthMode;
import io.fleetline.server.config.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Settings come from flags, then FLEETLINE_* variables, then the --config file, then the defaults. */
class SettingsTest {
    @TempDir
    Path dir;

    private static ServeCommand parse(Map<String, String> env, Properties file, String... flags) {
        CommandLine cli = Main.commandLine(env, file);
        String[] args = new String[flags.length + 1];
        args[0] = "serve";
        System.arraycopy(flags, 0, args, 1, flags.length);
        cli.parseArgs(args);
        return cli.getSubcommands().get("serve").getCommand();
    }

    @Test
    void defaults_apply_when_nothing_is_set() {
        ServeCommand serve = parse(Map.of(), new Properties());

        assertThat(serve.httpPort).isEqualTo(8080);
        assertThat(serve.dataDir).isEqualTo(Path.of("./data"));
        assertThat(serve.bind).isEqualTo("127.0.0.1");
        assertThat(serve.region).isEqualTo("us-east-1");
        assertThat(serve.accountId).isEqualTo("000000000000");
        assertThat(serve.typeDeletionDelay).isEqualTo(Duration.ofMinutes(5));
        assertThat(serve.jobRetention).as("AWS purges ended jobs after 90 days").isEqualTo(Duration.ofDays(90));
        assertThat(serve.mqttPlainPort).as("off").isEqualTo(-1);
        assertThat(serve.insecureNoAuth).isFalse();
    }

    @Test
    void a_serve_without_settings_runs_with_the_defaults_of_the_settings_records() {
        assertThat(parse(Map.of(), new Properties()).config()).isEqualTo(ServerConfig.defaults(Path.of("./data")));
    }

    @Test
    void the_help_tells_the_defaults_of_the_settings_records() {
        String help = Main.commandLine(Map.of(), new Properties()).getSubcommands().get("serve").getUsageMessage()
                .replaceAll("\\s+", " ");

        assertThat(help).contains("Data directory (default: ./data)", "free one (default: 8080)",
                "runs no broker (default: 8883)", "-1 is off (default: 8884)", "-1 is off (default: 8443)",
                "ISO-8601 (default: PT5M)", "schedules, ISO-8601 (default: PT1S)", "(default: P90D, as AWS)",
                "arrive, ISO-8601 (default: PT30S)");
    }

    @Test
    void the_commands_that_reach_a_running_server_take_its_data_dir_and_region_as_serve_does() {
        Map<String, String> env = Map.of("FLEETLINE_REGION", "eu-west-1");
        CommandLine resetCli = Main.commandLine(env, new Properties());
        resetCli.parseArgs("reset");
        RunningServerFlags reset = resetCli.getSubcommands().get("reset").<ResetCommand>getCommand().server;
        CommandLine signingKeyCli = Main.commandLine(env, new Properties());
        signingKeyCli.parseArgs("signing-key", "create", "--name", "fw_signer", "--data-dir", "/srv/fleetline");
        RunningServerFlags signingKey = signingKeyCli.getSubcommands().get("signing-key").getSubcommands()
                .get("create").<SigningKeyCommand.Create>getCommand().server;

        assertThat(reset.dataDir).isEqualTo(Path.of("./data"));
        assertThat(reset.region).isEqualTo("eu-west-1");
        assertThat(signingKey.dataDir).isEqualTo(Path.of("/srv/fleetline"));
        assertThat(signingKey.region).isEqualTo("eu-west-1");
    }

    @Test
    void a_flag_wins_over_the_environment_which_wins_over_the_file() {
        Properties file = new Properties();
        file.setProperty("http-port", "1111");
        file.setProperty("region", "eu-west-1");
        file.setProperty("account-id", "123456789012");
        Map<String, String> env = Map.of("FLEETLINE_HTTP_PORT", "2222", "FLEETLINE_REGION", "ap-south-1");

        ServerConfig config = parse(env, file, "--http-port", "3333").config();

        assertThat(config.http().port()).isEqualTo(3333);
        assertThat(config.account().scope().region()).isEqualTo("ap-south-1");
        assertThat(config.account().scope().accountId()).isEqualTo("123456789012");
    }

    @Test
    void each_setting_reaches_the_record_of_its_concern() {
        Properties file = new Properties();
        file.setProperty("jobs-tick", "PT5S");
        file.setProperty("mqtt-port", "-1");
        file.setProperty("public-host", "fleet.example.com");
        Map<String, String> env = Map.of("FLEETLINE_DEVICE_HTTPS_PORT", "9443",
                "FLEETLINE_DB_URL", "jdbc:postgresql://db/x", "FLEETLINE_THING_TYPE_DELETION_DELAY", "PT1M");

        ServerConfig config = parse(env, file, "--bind", "0.0.0.0", "--auth", "permissive",
                "--http-body-budget", "64MiB", "--http-max-connections", "3000").config();

        assertThat(config.jobs().tick()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.mqtt().port()).as("no broker").isEmpty();
        assertThat(config.network().bindHost()).isEqualTo("0.0.0.0");
        assertThat(config.network().publicHost()).isEqualTo("fleet.example.com");
        assertThat(config.http().deviceHttpsPort()).contains(9443);
        assertThat(config.http().limits().bodyBudgetBytes()).isEqualTo(64L << 20);
        assertThat(config.http().limits().maxConnections()).isEqualTo(3000);
        assertThat(config.storage().jdbcUrl()).isEqualTo("jdbc:postgresql://db/x");
        assertThat(config.account().auth()).isEqualTo(AuthMode.PERMISSIVE);
        assertThat(config.registry().typeDeletionDelay()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void clients_are_told_the_loopback_address_when_the_server_binds_every_address() {
        assertThat(parse(Map.of(), new Properties(), "--bind", "0.0.0.0").config().network().publicHost())
                .isEqualTo("127.0.0.1");
        assertThat(parse(Map.of(), new Properties(), "--bind", "10.0.0.5").config().network().publicHost())
                .isEqualTo("10.0.0.5");
    }

    @Test
    void the_database_url_and_no_auth_switch_come_from_the_environment_too() {
        ServerConfig config = parse(Map.of("FLEETLINE_DB_URL", "jdbc:postgresql://db/x",
                "FLEETLINE_INSECURE_NO_AUTH", "true"), new Properties()).config();

        assertThat(config.storage().dbUrl()).contains("jdbc:postgresql://db/x");
        assertThat(config.account().auth()).isEqualTo(AuthMode.NONE);
    }

    @Test
    void job_retention_can_be_changed_or_turned_off_but_not_made_negative() {
        assertThat(parse(Map.of("FLEETLINE_JOB_RETENTION", "P365D"), new Properties()).config().jobs().retention())
                .isEqualTo(Duration.ofDays(365));
        assertThat(parse(Map.of(), new Properties(), "--job-retention", "PT0S").config().jobs().retention()).isZero();
        assertThatThrownBy(() -> ServerConfig.defaults(Path.of("d"))
                        .withJobs(j -> j.withRetention(Duration.ofDays(-1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--job-retention");
    }

    @Test
    void a_blank_database_url_keeps_the_embedded_database() {
        assertThat(parse(Map.of(), new Properties(), "--db-url", " ").config().storage().dbUrl()).isEmpty();
    }

    /** One value out of bounds per settings record, and a few that the command line itself reads. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "--db-url, mysql://db/fleet",
        "--public-host, http://fleet.example.com",
        "--account-id, 12345",
        "--region, moon-1",
        "--auth, kerberos",
        "--http-port, 65536",
        "--http-body-timeout, PT2H",
        "--http-body-budget, lots",
        "--http-max-connections, 0",
        "--http-max-connections, 99999999999",
        "--mqtt-ws-port, 70000",
        "--thing-type-deletion-delay, -PT1M",
        "--jobs-tick, -PT1S",
        "--job-retention, -P1D",
        "--blob-store, ftp://firmware",
        "--blob-endpoint, minio:9000",
        "--blob-endpoint, http://minio:9000",
        "--blob-region, Moon 1",
        "--blob-access-key-id, AKIAIOSFODNN7EXAMPLE",
        "--blob-secret-access-key, wJalrXUtnFEMI",
        "--blob-path-style, sometimes",
        "--blob-checksums, always",
        "--blob-min-free-bytes, 512KiB",
        "--blob-min-free-bytes, 2000GiB",
        "--blob-min-free-bytes, 999999999999GiB",
        "--blob-min-free-bytes, 1TB",
    })
    void a_value_out_of_bounds_stops_the_server_before_it_starts_with_exit_code_2_naming_the_flag(String flag,
                                                                                                  String value) {
        // what the test does not set is set in the environment, so the flag under test wins and nothing is taken
        Map<String, String> env = Map.of("FLEETLINE_DATA_DIR", dir.resolve("data").toString(),
                "FLEETLINE_HTTP_PORT", "0", "FLEETLINE_MQTT_PORT", "-1", "FLEETLINE_MQTT_WS_PORT", "-1",
                "FLEETLINE_DEVICE_HTTPS_PORT", "-1");
        CommandLine cli = Main.commandLine(env, new Properties());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));

        int exit = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> cli.execute("serve", flag, value));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("fleetline: invalid setting: " + flag);
        assertThat(dir.resolve("data")).as("nothing written").doesNotExist();
    }

    // ---- the object store's bytes: --blob-* (BlobsSettings)

    @Test
    void the_object_store_is_embedded_unless_told_otherwise_and_then_serves_fleetlines_own_s3_api() {
        ServerConfig config = parse(Map.of(), new Properties()).config();

        assertThat(config.blobs().external()).isFalse();
        assertThat(config.blobs().servesS3Api()).isTrue();
        assertThat(config.blobs().externalStore("us-east-1")).isEmpty();
        String help = Main.commandLine(Map.of(), new Properties()).getSubcommands().get("serve").getUsageMessage()
                .replaceAll("\\s+", " ");
        assertThat(help).contains("S3 API is off (default: embedded)", "virtual-hosted on AWS) (default: auto)",
                "(which s3proxy 2.6.0 refuses) (default: when-required)");
    }

    @Test
    void an_external_store_comes_from_the_flags_and_its_key_from_the_environment_and_turns_the_s3_api_off() {
        Map<String, String> env = Map.of("FLEETLINE_BLOB_ACCESS_KEY_ID", "AKIAFLEET",
                "FLEETLINE_BLOB_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG");
        Properties file = new Properties();
        file.setProperty("blob-endpoint", "http://minio.internal:9000");

        ServerConfig config = parse(env, file, "--region", "eu-west-1", "--blob-store", "s3://firmware/fleetline/",
                "--blob-path-style", "false", "--blob-checksums", "when-supported").config();

        assertThat(config.blobs().servesS3Api()).isFalse();
        assertThat(config.blobs().externalStore(config.account().scope().region())).contains(new ExternalStoreOptions(
                S3Location.parse("s3://firmware/fleetline"), Optional.of(URI.create("http://minio.internal:9000")),
                "eu-west-1", S3Credentials.of("AKIAFLEET", "wJalrXUtnFEMI/K7MDENG"), Optional.of(false),
                ChecksumMode.WHEN_SUPPORTED));
        assertThat(config.toString()).as("the secret is never printed").doesNotContain("wJalrXUtnFEMI");
    }

    @Test
    void s3_alone_makes_each_bucket_a_bucket_of_the_store_with_its_own_region_and_the_default_credentials_chain() {
        ServerConfig config = parse(Map.of("FLEETLINE_BLOB_STORE", "s3"), new Properties(),
                "--blob-region", "ap-south-1").config();

        ExternalStoreOptions store = config.blobs().externalStore(config.account().scope().region()).orElseThrow();
        assertThat(store.location()).isEqualTo(S3Location.bucketPerBucket());
        assertThat(store.region()).isEqualTo("ap-south-1");
        assertThat(store.endpoint()).as("AWS S3").isEmpty();
        assertThat(store.usesPathStyle()).as("virtual-hosted on AWS").isFalse();
        assertThat(store.credentials().fromDefaultChain()).isTrue();
        assertThat(store.checksums()).isEqualTo(ChecksumMode.WHEN_REQUIRED);
    }

    @Test
    void the_embedded_stores_free_space_reserve_defaults_to_64_mib_and_takes_a_size_from_flag_or_environment() {
        assertThat(parse(Map.of(), new Properties()).config().blobs().minFreeBytes()).isEqualTo(64L << 20);
        assertThat(parse(Map.of("FLEETLINE_BLOB_MIN_FREE_BYTES", "2GiB"), new Properties()).config().blobs()
                .minFreeBytes()).isEqualTo(2L << 30);
        assertThat(parse(Map.of("FLEETLINE_BLOB_MIN_FREE_BYTES", "2GiB"), new Properties(),
                "--blob-min-free-bytes", "1048576").config().blobs().minFreeBytes()).isEqualTo(1L << 20);
        String help = Main.commandLine(Map.of(), new Properties()).getSubcommands().get("serve").getUsageMessage()
                .replaceAll("\\s+", " ");
        assertThat(help).contains("--blob-min-free-bytes", "1MiB to 1024GiB (default: 64MiB)");
    }

    @Test
    void a_free_space_reserve_with_an_external_store_is_refused_as_it_guards_only_the_embedded_stores_disk() {
        assertThatThrownBy(() -> parse(Map.of(), new Properties(), "--blob-store", "s3://firmware/fleetline",
                "--blob-min-free-bytes", "1GiB").config())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--blob-min-free-bytes");
    }

    @Test
    void metrics_are_on_and_open_by_default_and_flags_turn_them_off_or_ask_for_a_token() {
        assertThat(parse(Map.of(), new Properties()).config().metrics())
                .isEqualTo(io.fleetline.server.config.MetricsSettings.defaults());
        assertThat(parse(Map.of(), new Properties(), "--metrics", "off").config().metrics().enabled()).isFalse();
        assertThat(parse(Map.of("FLEETLINE_METRICS_TOKEN_FILE", "/etc/fleetline/metrics.token"), new Properties())
                .config().metrics().tokenFile()).hasValue(Path.of("/etc/fleetline/metrics.token"));
    }

    @Test
    void metrics_settings_that_contradict_themselves_are_refused_naming_the_flag() {
        assertThatThrownBy(() -> parse(Map.of(), new Properties(), "--metrics", "maybe").config())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--metrics must be on or off");
        assertThatThrownBy(() -> parse(Map.of(), new Properties(), "--metrics", "off", "--metrics-token-file",
                "t.txt").config())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--metrics-token-file needs");
    }
}
