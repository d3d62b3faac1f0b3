package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.server.config.MetricsSettings;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may scrape {@code GET /metrics}: anyone by default, only a bearer of the token with a token file, no one when off. */
class MetricsAccessIT {
    @TempDir
    Path dir;

    @Test
    void with_a_token_file_a_scrape_without_the_token_is_refused_and_one_with_it_is_answered() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("metrics.token"), "s3cr3t-scrape-token\n");
        try (TestServer server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withMetrics(m -> m.withTokenFile(tokenFile)))) {
            HttpResponse<String> anonymous = MetricsIT.scrape(server, null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                    assertThat(v).startsWith("Bearer"));
            assertThat(anonymous.body()).doesNotContain("fleetline_");

            assertThat(MetricsIT.scrape(server, "s3cr3t-scrape-token-but-longer").statusCode()).isEqualTo(401);
            assertThat(MetricsIT.scrape(server, "s3cr3t-scrape-toke").statusCode()).isEqualTo(401);

            HttpResponse<String> bearer = MetricsIT.scrape(server, "s3cr3t-scrape-token");
            assertThat(bearer.statusCode()).isEqualTo(200);
            assertThat(bearer.body()).contains("fleetline_job_executions_total").doesNotContain("s3cr3t");
        }
    }

    @Test
    void with_metrics_off_there_is_no_scrape() throws Exception {
        try (TestServer server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withMetrics(m -> MetricsSettings.OFF))) {
            HttpResponse<String> response = MetricsIT.scrape(server, null);
            assertThat(response.statusCode()).isBetween(400, 499);
            assertThat(response.body()).doesNotContain("fleetline_", "jvm_");
        }
    }
}
