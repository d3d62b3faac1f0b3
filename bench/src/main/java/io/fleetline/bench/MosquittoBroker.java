package io.fleetline.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Debian {@code mosquitto} binary with a configuration of our own, on a free loopback port: our own
 * instance, never the system one. It is set up to match Fleetline where the two have the same knob: mutual
 * TLS with a client certificate required, the same server certificate and CA, 100 QoS 1 messages in flight
 * per client, 100,000 queued messages per client, no persistence.
 */
final class MosquittoBroker implements BrokerUnderTest {
    private final Process process;
    private final int port;

    private MosquittoBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param caFile      the CA that signed the device certificates (Fleetline's)
     * @param serverChain the server certificate chain Fleetline presents
     * @param serverKey   its key
     */
    static MosquittoBroker start(Path dir, Path caFile, Path serverChain, Path serverKey)
            throws IOException, InterruptedException {
        int port = freePort();
        Path config = dir.resolve("mosquitto.conf");
        Files.writeString(config, """
                # written by the Fleetline MQTT benchmark
                per_listener_settings false
                # mosquitto started as root drops to the 'mosquitto' user unless told to stay; the key is root's
                user root
                persistence false
                log_dest stderr
                # notices include "Outgoing messages are being dropped", which the benchmark reports
                log_type error
                log_type warning
                log_type notice
                connection_messages false
                # allow_anonymous: with require_certificate the TLS layer already refused clients without a
                # certificate from the CA; there is no username/password step to pass after that
                allow_anonymous true
                max_queued_messages 100000
                max_inflight_messages 100
                listener %d 127.0.0.1
                cafile %s
                certfile %s
                keyfile %s
                require_certificate true
                """.formatted(port, caFile, serverChain, serverKey));
        Process process = new ProcessBuilder("mosquitto", "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!accepts(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("mosquitto did not start; see " + dir.resolve("mosquitto.log"));
            }
            Thread.sleep(50);
        }
        return new MosquittoBroker(process, port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first line of {@code mosquitto -h}: "mosquitto version 2.0.11". */
    static String version() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mosquitto", "-h").redirectErrorStream(true).start();
        String first = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .lines().findFirst().orElse("mosquitto (version unknown)");
        p.waitFor();
        return first.trim();
    }

    /** What Mosquitto logged that a reader of the results should know (it logs nothing per message here). */
    static java.util.List<String> notableLog(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("mosquitto.log")).stream()
                .filter(line -> !line.contains("should not be run as root") && !line.contains("mosquitto version")
                        && !line.contains("Config loaded") && !line.contains("listen socket"))
                .toList();
    }

    @Override
    public String name() {
        return "mosquitto";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public ProcessHandle process() {
        return process.toHandle();
    }

    @Override
    public Optional<Map<String, Long>> liveHeap() {
        return Optional.empty();
    }

    /** Stops the instance this benchmark started, by its own process handle. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
