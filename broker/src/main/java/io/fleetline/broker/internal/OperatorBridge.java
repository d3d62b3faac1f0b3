package io.fleetline.broker.internal;

import io.fleetline.security.ca.CertificateAuthority;
import io.fleetline.security.ca.Pem;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The identity under which Fleetline itself carries an operator's MQTT session into the broker (MQTT over
 * WebSocket signed with SigV4): a certificate made at start, known only to this process, trusted by the
 * broker's listener and given operator rights by {@link DeviceRules}.
 */
final class OperatorBridge {
    private final CertificateAuthority identity;
    private final SSLContext client;

    private OperatorBridge(CertificateAuthority identity, SSLContext client) {
        this.identity = identity;
        this.client = client;
    }

    static OperatorBridge create(Path serverChainPem) throws IOException, GeneralSecurityException {
        CertificateAuthority identity = CertificateAuthority.generate("Fleetline operator bridge", Instant.now());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("bridge", identity.privateKey(), new char[0], new X509Certificate[] {identity.certificate()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        List<X509Certificate> chain = Pem.certificates(Files.readString(serverChainPem));
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("server-ca", chain.get(chain.size() - 1));
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
        return new OperatorBridge(identity, context);
    }

    X509Certificate certificate() {
        return identity.certificate();
    }

    boolean isBridge(X509Certificate presented) {
        return identity.certificate().equals(presented);
    }

    Socket connect(String host, int port) throws IOException {
        return client.getSocketFactory().createSocket(host, port);
    }

    /** Trusts the bridge's own certificate, and whatever {@code devices} trusts. */
    X509TrustManager trusting(X509TrustManager devices) {
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                if (chain == null || chain.length == 0 || !isBridge(chain[0])) {
                    devices.checkClientTrusted(chain, authType);
                }
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                devices.checkServerTrusted(chain, authType);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return devices.getAcceptedIssuers();
            }
        };
    }
}
