package io.fleetline.storage.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.security.ca.CertificateAuthority;
import io.fleetline.security.ca.Pem;
import io.fleetline.security.cert.CertificateStatus;
import io.fleetline.security.cert.IssuedCertificate;
import io.fleetline.security.tls.DeviceTls;
import io.fleetline.security.tls.RegisteredCertificateTrustManager;
import io.fleetline.storage.TestDatabases;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS handshakes on loopback: only registered, usable certificates get through, judged at each handshake. */
class DeviceTlsTest extends SecurityContract {
    @TempDir
    Path dir;

    @Override
    String newDatabaseUrl() {
        return TestDatabases.sqliteUrl(dir);
    }

    @Override
    void dropDatabase(String url) {
        // the temporary directory goes with the test
    }

    @Test
    void registered_active_certificates_connect_and_others_do_not() throws Exception {
        KeyPair serverKeys = CertificateAuthority.newKeyPair();
        String serverChain = Pem.write(FLEETLINE_CA.issueServer(serverKeys.getPublic(), List.of("127.0.0.1"), Instant.now()));
        SSLContext server = DeviceTls.context(serverChain, Pem.write(serverKeys.getPrivate()), security.certificates());
        IssuedCertificate device = security.certificates().createKeysAndCertificate(true);
        CertificateAuthority maker = TestCertificates.newCa("maker");
        KeyPair strangerKeys = CertificateAuthority.newKeyPair();
        X509Certificate stranger = maker.issueDevice(strangerKeys.getPublic(), Instant.now());
        KeyPair soloKeys = CertificateAuthority.newKeyPair();
        X509Certificate solo = maker.issueDevice(soloKeys.getPublic(), Instant.now());
        security.certificates().registerWithoutCa(Pem.write(solo), Optional.of(CertificateStatus.ACTIVE));

        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            X509Certificate issued = Pem.certificate(device.certificate().pem());
            KeyPair issuedKeys = Pem.keyPair(device.privateKeyPem());

            assertThat(handshake(listener, issued, issuedKeys)).isTrue();
            assertThat(handshake(listener, solo, soloKeys)).as("registered without a CA").isTrue();
            assertThat(handshake(listener, stranger, strangerKeys)).as("never registered").isFalse();

            security.certificates().updateStatus(device.certificate().id(), CertificateStatus.INACTIVE);
            assertThat(handshake(listener, issued, issuedKeys)).as("deactivated a moment ago").isFalse();
        }
    }

    @Test
    void a_device_presenting_an_auto_registering_ca_is_refused_registered_and_admitted_once_activated() throws Exception {
        KeyPair serverKeys = CertificateAuthority.newKeyPair();
        String serverChain = Pem.write(FLEETLINE_CA.issueServer(serverKeys.getPublic(), List.of("127.0.0.1"), Instant.now()));
        List<List<X509Certificate>> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        SSLContext server = DeviceTls.context(serverChain, Pem.write(serverKeys.getPrivate()),
                new RegisteredCertificateTrustManager(leaf -> security.certificates().usableCertificate(leaf).isPresent(),
                        chain -> {
                            refused.add(chain);
                            security.certificates().autoRegister(chain);
                        }));
        CertificateAuthority maker = TestCertificates.newCa("maker");
        security.caCertificates().register(Pem.write(maker.certificate()), Optional.empty(), true, true, "SNI_ONLY", Map.of());
        KeyPair deviceKeys = CertificateAuthority.newKeyPair();
        X509Certificate device = maker.issueDevice(deviceKeys.getPublic(), Instant.now());
        X509Certificate[] withCa = {device, maker.certificate()};

        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            assertThat(handshake(listener, new X509Certificate[] {device}, deviceKeys)).isFalse();
            assertThat(refused).as("without its CA the chain is not offered for registration").isEmpty();

            assertThat(handshake(listener, withCa, deviceKeys)).as("registered, not yet active").isFalse();
            String id = Pem.certificateId(device);
            assertThat(refused).hasSize(1);
            assertThat(security.certificates().describe(id).status()).isEqualTo(CertificateStatus.PENDING_ACTIVATION);

            security.certificates().updateStatus(id, CertificateStatus.ACTIVE);
            assertThat(handshake(listener, withCa, deviceKeys)).isTrue();
        }
    }

    private static boolean handshake(SSLServerSocket listener, X509Certificate cert, KeyPair keys) throws Exception {
        return handshake(listener, new X509Certificate[] {cert}, keys);
    }

    /** Accepts one connection on the listener while a client with the given identity connects; true if both agree. */
    private static boolean handshake(SSLServerSocket listener, X509Certificate[] chain, KeyPair keys) throws Exception {
        CompletableFuture<Boolean> accepted = CompletableFuture.supplyAsync(() -> {
            try (SSLSocket socket = (SSLSocket) listener.accept()) {
                socket.startHandshake();
                socket.getOutputStream().write(1);
                socket.getOutputStream().flush();
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        boolean client;
        try (SSLSocket socket = (SSLSocket) clientContext(chain, keys).getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
            socket.startHandshake();
            client = socket.getInputStream().read() == 1;
        } catch (IOException e) {
            client = false;
        }
        return accepted.get(30, TimeUnit.SECONDS) && client;
    }

    private static SSLContext clientContext(X509Certificate[] chain, KeyPair keys) throws Exception {
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("device", keys.getPrivate(), new char[0], chain);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(identity, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("fleetline", FLEETLINE_CA.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }
}
