package io.fleetline.testkit;

import io.fleetline.agent.AgentTls;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A device's certificate and key as CreateKeysAndCertificate hands them out, written to files for command-line
 * clients and turned into key and trust managers for Java clients (by {@link AgentTls}, as the agent's users do).
 */
public record DeviceIdentity(String certificateArn, String certificateId, String certificatePem, String privateKeyPem) {

    /** Writes {@code name.pem} and {@code name.key} into {@code dir}. */
    public Path[] writeTo(Path dir, String name) throws java.io.IOException {
        Path cert = Files.writeString(dir.resolve(name + ".pem"), certificatePem);
        Path key = Files.writeString(dir.resolve(name + ".key"), privateKeyPem);
        return new Path[] {cert, key};
    }

    public KeyManagerFactory keyManagers() throws Exception {
        return AgentTls.keyManagers(certificatePem, privateKeyPem);
    }

    /** Trust for the server's certificate: the Fleetline CA file. */
    public static TrustManagerFactory trusting(Path caFile) throws Exception {
        return AgentTls.trustManagers(Files.readString(caFile));
    }
}
