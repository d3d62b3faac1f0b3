package io.fleetline.simulator.cli;

import io.fleetline.simulator.Progress;
import io.fleetline.simulator.ServerTarget;
import io.fleetline.simulator.Simulation;
import io.fleetline.simulator.SimulationSettings;
import io.fleetline.simulator.fleet.ProvisioningException;
import io.fleetline.simulator.profile.FaultProfile;
import io.fleetline.simulator.profile.ProfileException;
import io.fleetline.simulator.report.Report;
import io.fleetline.simulator.report.ReportHtml;
import io.fleetline.simulator.report.ReportJson;
import io.fleetline.simulator.report.ReportText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.exception.SdkException;
import picocli.CommandLine;
import software.amazon.awssdk.core.exception.SdkException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetline simulate}: a thin command over {@link Simulation}. Exit code 0 when the simulation ran (settled,
 * out of time or interrupted: the report says which), 2 for a usage error (a bad profile, no server to be found), 1
 * when the server failed it.
 */
@Command(name = "fleetline simulate", mixinStandardHelpOptions = true, version = "Fleetline 0.1.0",
        description = "Run a fleet of simulated devices (device agents in this JVM) against a running server, with "
                + "faults injected from a profile; report what the fleet did.")
public final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--fleet", required = true, description = "How many devices to simulate.")
    int fleet;

    @Option(names = "--group", required = true, description = "The thing group the devices are (put) in.")
    String group;

    @Option(names = "--profile", description = "The fault profile (YAML; see docs/simulator.md). Default: no faults.")
    Path profile;

    @Option(names = "--data-dir", defaultValue = "./data",
            description = "The server's data directory: endpoint.json and credentials are read from it "
                    + "(default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--endpoint-url", description = "The server's API URL (default: the one in endpoint.json).")
    String endpointUrl;

    @Option(names = "--region", description = "Region to sign for (default: endpoint.json's, else us-east-1).")
    String region;

    @Option(names = "--mqtt-endpoint", paramLabel = "HOST:PORT",
            description = "The MQTT (mutual TLS) endpoint (default: endpoint.json's, else DescribeEndpoint's host:8883).")
    String mqttEndpoint;

    @Option(names = "--ca", description = "The CA the MQTT endpoint's certificate chains to (default: endpoint.json's).")
    Path ca;

    @Option(names = "--code-signer", paramLabel = "FILE",
            description = "The code-signing certificate (PEM) the devices check images with. Without it the devices "
                    + "REJECT firmware updates, as the agent does without a certificate it was given.")
    Path codeSigner;

    @Option(names = "--state-dir",
            description = "Where the devices' identities and agent state are kept (default: <data-dir>/simulator/<group>).")
    Path stateDir;

    @Option(names = "--duration", defaultValue = "30m", converter = DurationConverter.class,
            description = "Stop after this long at most (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--settle", defaultValue = "30s", converter = DurationConverter.class,
            description = "Stop once every job the fleet took part in has been over this long (default: "
                    + "${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--report", description = "Write the report as JSON here, and as HTML beside it (.html).")
    Path report;

    @Option(names = "--concurrency", defaultValue = "16", description = "Devices provisioned at once (default: "
            + "${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--connect-timeout", defaultValue = "5m", converter = DurationConverter.class,
            description = "How long to wait for every device to connect (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulateCommand()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        FaultProfile faults;
        ServerTarget target;
        try {
            faults = profile == null ? FaultProfile.healthy() : FaultProfile.read(profile);
            target = ServerLocator.locate(dataDir, Optional.ofNullable(endpointUrl), Optional.ofNullable(region),
                    Optional.ofNullable(mqttEndpoint), Optional.ofNullable(ca));
        } catch (ProfileException e) {
            System.err.println("fleetline: bad profile: " + e.getMessage());
            return 2;
        } catch (ServerLocator.NotFound e) {
            System.err.println("fleetline: no running server found: " + e.getMessage());
            return 2;
        }
        Path state = stateDir != null ? stateDir : dataDir.resolve("simulator").resolve(group);
        Progress bars = new TerminalProgress();
        SimulationSettings.Builder settings = Simulation.builder().target(target).group(group).fleetSize(fleet)
                .profile(faults).stateDirectory(state).concurrency(concurrency).progress(bars);
        if (codeSigner != null) {
            try (InputStream pem = Files.newInputStream(codeSigner)) {
                settings.codeSigner((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem));
            } catch (CertificateException e) {
                System.err.println("fleetline: " + codeSigner + " is not a PEM certificate: " + e.getMessage());
                return 2;
            }
        }
        try (Simulation simulation = settings.build()) {
            return run(simulation);
        }
    }

    private int run(Simulation simulation) throws IOException {
        Thread main = Thread.currentThread();
        CountDownLatch reported = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            simulation.stop();
            main.interrupt();
            awaitQuietly(reported);
        }, "simulate-interrupted");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        Report result;
        try {
            result = simulate(simulation);
        } catch (ProvisioningException | SdkException e) {
            System.err.println("fleetline: the server failed the simulation: " + e.getMessage());
            result = simulation.report("failed");
        } finally {
            Thread.interrupted();
        }
        try {
            write(result);
        } finally {
            reported.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        } catch (IllegalStateException exiting) {
            // the JVM is exiting (Ctrl-C): the hook waited for the report above
        }
        return result.stoppedBecause().equals("failed") ? 1 : 0;
    }

    private Report simulate(Simulation simulation) {
        try {
            simulation.provision();
            long connected = simulation.connect(connectTimeout);
            if (connected < fleet) {
                System.err.printf("fleetline: %d of %d devices connected within %s; going on with them%n", connected,
                        fleet, connectTimeout);
            }
        } catch (InterruptedException e) {
            return simulation.report("interrupted");
        }
        return simulation.run(duration, settle);
    }

    private void write(Report result) throws IOException {
        System.out.println();
        System.out.print(ReportText.write(result));
        if (report != null) {
            ReportJson.write(result, report);
            Path html = report.resolveSibling(report.getFileName().toString().replaceFirst("(\\.json)?$", ".html"));
            ReportHtml.write(result, html);
            System.out.println("fleetline: report written to " + report + " and " + html);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Durations as profiles write them: 90s, 10m, 1h30m. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return FaultProfile.duration(value);
            } catch (ProfileException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 90s, 10m, 1h30m)");
            }
        }
    }
}
