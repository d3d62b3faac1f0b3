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
import io.fleetline.core.arn.AccountScope;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The identities under which Fleetline itself carries an operator's MQTT session into the broker (MQTT over
 * WebSocket signed with SigV4): a certificate per account, made in this process and known only to it, trusted by the
 * broker's listener and given operator rights in that account by {@link DeviceRules}.
 */
final class OperatorBridge {
    private final X509Certificate serverAnchor;
    /** One identity per account an operator session acts in, made when that account first needs one. */
    private final Map<AccountScope, Identity> identities = new ConcurrentHashMap<>();

    private record Identity(X509Certificate certificate, SSLContext client) {
    }

    private OperatorBridge(X509Certificate serverAnchor) {
        this.serverAnchor = serverAnchor;
    }

    static OperatorBridge create(Path serverChainPem) throws IOException {
        List<X509Certificate> chain = Pem.certificates(Files.readString(serverChainPem));
        return new OperatorBridge(chain.get(chain.size() - 1));
    }

    private Identity identity(AccountScope scope) {
        return identities.computeIfAbsent(scope, s -> {
            try {
                return newIdentity(s);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot make the operator bridge identity", e);
            }
        });
    }

    private Identity newIdentity(AccountScope scope) throws IOException, GeneralSecurityException {
        CertificateAuthority identity = CertificateAuthority.generate("Fleetline operator bridge "
                + scope.accountId() + " " + scope.region(), Instant.now());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("bridge", identity.privateKey(), new char[0], new X509Certificate[] {identity.certificate()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("server-ca", serverAnchor);
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
        return new Identity(identity.certificate(), context);
    }

    /** Makes the identity of an account ahead of its first session (the home account's, at start). */
    void prepare(AccountScope scope) {
        identity(scope);
    }

    /** The account whose bridge identity the certificate is, if it is one. */
    Optional<AccountScope> accountOf(X509Certificate presented) {
        return identities.entrySet().stream().filter(e -> e.getValue().certificate().equals(presented))
                .map(Map.Entry::getKey).findFirst();
    }

    boolean isBridge(X509Certificate presented) {
        return accountOf(presented).isPresent();
    }

    Socket connect(String host, int port, AccountScope scope) throws IOException {
        return identity(scope).client().getSocketFactory().createSocket(host, port);
    }

    /** Trusts the bridge's own certificates, and whatever {@code devices} trusts. */
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
