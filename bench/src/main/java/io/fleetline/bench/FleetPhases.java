package io.fleetline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The phases before a fleet's updates, each timed and metered apart so that they count in no update: provisioning
 * the things (or finding them) and connecting every agent once.
 */
final class FleetPhases {
    private static final long CONNECT_TIMEOUT_SECONDS = 900;

    private final FleetlineBroker server;
    private final List<SimulatorProcess> fleet;
    private final Path stateDir;

    FleetPhases(FleetlineBroker server, List<SimulatorProcess> fleet, Path stateDir) {
        this.server = server;
        this.fleet = fleet;
        this.stateDir = stateDir;
    }

    /** Provisions every simulator's group at once; what it took. */
    String provision() throws IOException, InterruptedException {
        try (FleetSampler sampler = sampler()) {
            List<JsonNode> answers = FleetBench.all(calls("provision"));
            FleetSampler.Use use = sampler.stop();
            long created = answers.stream().mapToLong(a -> a.get("created").asLong()).sum();
            long reused = answers.stream().mapToLong(a -> a.get("reused").asLong()).sum();
            return String.format(Locale.ROOT, "provisioning: %,d things created (key, CreateCertificateFromCsr, thing,"
                            + " principal, group), %,d reused, in %.1f s (%,.0f created/s); server CPU %.1f s (%.1f ms per"
                            + " thing created), simulators %.1f s", created, reused, use.wallSeconds(),
                    created / use.wallSeconds(), use.serverCpuSeconds(),
                    created == 0 ? 0 : use.serverCpuSeconds() * 1000 / created, use.simulatorCpuSeconds());
        }
    }

    /** Connects every agent (mutual TLS, subscriptions, a first start-next); what it took. */
    String connect() throws IOException, InterruptedException {
        try (FleetSampler sampler = sampler()) {
            List<JsonNode> answers = FleetBench.all(calls("connect " + CONNECT_TIMEOUT_SECONDS));
            FleetSampler.Use use = sampler.stop();
            long connected = answers.stream().mapToLong(a -> a.get("connected").asLong()).sum();
            long devices = fleet.stream().mapToLong(SimulatorProcess::devices).sum();
            if (connected < devices) {
                throw new IllegalStateException(connected + " of " + devices + " agents connected in "
                        + CONNECT_TIMEOUT_SECONDS + " s");
            }
            return String.format(Locale.ROOT, "connecting: %,d agents in %.1f s (%,.0f/s); server CPU %.2f ms per"
                            + " agent, simulators %.2f ms; machine CPU %.0f%%", connected, use.wallSeconds(),
                    connected / use.wallSeconds(), use.serverCpuSeconds() * 1000 / connected,
                    use.simulatorCpuSeconds() * 1000 / connected, use.percent(use.machineSeconds()));
        }
    }

    private FleetSampler sampler() throws IOException {
        return new FleetSampler(server.process(), fleet.stream().map(SimulatorProcess::process).toList(), stateDir);
    }

    private List<Callable<JsonNode>> calls(String command) {
        return fleet.stream().<Callable<JsonNode>>map(s -> () -> s.call(command)).toList();
    }
}
