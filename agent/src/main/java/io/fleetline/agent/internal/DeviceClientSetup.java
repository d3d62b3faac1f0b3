package io.fleetline.agent.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.agent.JobContext;
import io.fleetline.agent.JobHandler;
import io.fleetline.agent.internal.deviceclient.DeviceClientJobs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * What the built-in Device Client handler needs on the device, made when it first runs a job (not at start: a fleet
 * simulated in one process, whose agents never see such a job, writes nothing): the handler directory, and the
 * server's CAs as a PEM file that steps are handed ({@link DeviceClientJobs#SERVER_CA_VARIABLE}).
 */
final class DeviceClientSetup {
    /** The CAs the agent trusts for its server, in the state directory, rewritten at every start. */
    static final String SERVER_CA_FILE = "server-ca.pem";

    private DeviceClientSetup() {
    }

    /** The Device Client handler of one life of the agent: it prepares the device before each job it runs. */
    static JobHandler handler(AgentSettings settings, Runnable reboot) {
        DeviceClientJobs jobs = settings.deviceClientJobs(reboot);
        return new BuiltInHandler() {
            @Override
            public boolean handles(ObjectNode document) {
                return jobs.handles(document);
            }

            @Override
            public Outcome run(JobContext job, ObjectNode document) throws IOException, InterruptedException {
                prepare(settings);
                return jobs.run(job, document);
            }
        };
    }

    /**
     * Makes a handler directory that is not there yet (mode 0700) with the standard handlers the AWS managed job
     * templates name (one that exists is the device's own, left as it is), and writes the server's CAs.
     */
    static void prepare(AgentSettings settings) throws IOException {
        Path handlers = settings.deviceClientHandlers();
        if (!Files.exists(handlers, LinkOption.NOFOLLOW_LINKS)) {
            DeviceClientJobs.installHandlers(handlers);
        }
        writeServerCa(serverCaFile(settings), pem(settings.trust().getTrustManagers())
                .getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Replaces the file when its content differs (a fleet of agents in one process mostly starts on the same CAs), by
     * a rename but without forcing it to the disk: every start writes it again.
     */
    private static void writeServerCa(Path file, byte[] pem) throws IOException {
        if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), pem)) {
            return;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.RENAMED.write(file, pem);
    }

    /** The variables every Device Client step gets. */
    static Map<String, String> environment(AgentSettings settings) {
        return Map.of(DeviceClientJobs.SERVER_CA_VARIABLE, serverCaFile(settings).toAbsolutePath().toString());
    }

    private static Path serverCaFile(AgentSettings settings) {
        return settings.stateDirectory().resolve(SERVER_CA_FILE);
    }

    static String pem(TrustManager[] managers) throws IOException {
        StringBuilder pem = new StringBuilder();
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (TrustManager manager : managers) {
            if (manager instanceof X509TrustManager x509) {
                for (X509Certificate ca : x509.getAcceptedIssuers()) {
                    try {
                        pem.append("-----BEGIN CERTIFICATE-----\n").append(base64.encodeToString(ca.getEncoded()))
                                .append("\n-----END CERTIFICATE-----\n");
                    } catch (CertificateEncodingException e) {
                        throw new IOException("the trusted CA " + ca.getSubjectX500Principal() + " has no encoding", e);
                    }
                }
            }
        }
        return pem.toString();
    }
}
