package io.fleetline.simulator.fleet;

import io.fleetline.agent.AgentTls;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A simulated device's thing and its credentials: the certificate the server issued for it and the private key made
 * for it here (PKCS#8 PEM).
 */
public record DeviceIdentity(String thingName, String certificateArn, String certificatePem, String privateKeyPem) {
    /** The device's key and certificate, for a TLS client ({@link AgentTls#keyManagers}). */
    public KeyManagerFactory keyManagers() throws GeneralSecurityException {
        try {
            return AgentTls.keyManagers(certificatePem, privateKeyPem);
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException(thingName + ": " + e.getMessage(), e);
        }
    }

    /** Trust in the CA of a PEM file's certificates. */
    public static TrustManagerFactory trusting(String caPem) throws GeneralSecurityException {
        return AgentTls.trustManagers(caPem);
    }
}
