package io.fleetline.server.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /metrics}, the Prometheus scrape endpoint on the API port.
 *
 * <p>Like most scrape endpoints it is open by default: what it tells (request counts by operation, connection counts,
 * latencies; never a thing name, key or payload) is meant for whoever can reach the port, so keep the port on a
 * network Prometheus and operators share. Where that is not enough, a token file makes every scrape show
 * {@code Authorization: Bearer <token>}.
 *
 * @param enabled   whether the endpoint exists ({@code --metrics on|off}); off also counts nothing
 * @param tokenFile a file whose content (one line) scrapers must send as a bearer token ({@code --metrics-token-file});
 *                  empty lets any scraper in
 */
public record MetricsSettings(boolean enabled, Optional<Path> tokenFile) {
    /** No metrics: {@code /metrics} is an ordinary API path (an unsigned GET is refused), and nothing is counted. */
    public static final MetricsSettings OFF = new MetricsSettings(false, Optional.empty());

    public MetricsSettings {
        Objects.requireNonNull(tokenFile, "tokenFile");
        if (!enabled && tokenFile.isPresent()) {
            throw new IllegalArgumentException("--metrics-token-file needs --metrics on");
        }
    }

    /** On, open to any scraper that reaches the API port. */
    public static MetricsSettings defaults() {
        return new MetricsSettings(true, Optional.empty());
    }

    /** On, scrapes needing the token held in {@code file}. */
    public MetricsSettings withTokenFile(Path file) {
        return new MetricsSettings(true, Optional.of(file));
    }
}
