package io.fleetline.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A device's PEM files as OpenSSL writes them (the real {@code openssl}), turned into key and trust managers that
 * carry a mutual-TLS handshake on loopback.
 */
class AgentTlsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"ec-pkcs8", "ec-sec1", "ec-sec1-with-parameters", "rsa-pkcs1", "rsa-pkcs8"})
    void a_device_key_in_each_form_openssl_writes_carries_a_mutual_tls_handshake(String form) throws Exception {
        Path key = deviceKey(form);
        Path cert = selfSigned(key, "dev-1");
        Path serverKey = deviceKey("ec-pkcs8");
        Path serverCert = selfSigned(serverKey, "localhost");

        String peer = handshake(
                AgentTls.keyManagers(Files.readString(serverCert), Files.readString(serverKey)),
                AgentTls.trustManagers(Files.readString(cert)),
                AgentTls.keyManagers(Files.readString(cert), Files.readString(key)),
                AgentTls.trustManagers(Files.readString(serverCert)));

        assertThat(peer).isEqualTo("CN=dev-1");
    }

    @Test
    void trust_takes_every_ca_of_a_bundle() throws Exception {
        String bundle = Files.readString(selfSigned(deviceKey("ec-pkcs8"), "ca-1"))
                + Files.readString(selfSigned(deviceKey("ec-pkcs8"), "ca-2"));

        TrustManagerFactory trust = AgentTls.trustManagers(bundle);

        assertThat(((javax.net.ssl.X509TrustManager) trust.getTrustManagers()[0]).getAcceptedIssuers())
                .extracting(ca -> ca.getSubjectX500Principal().getName())
                .containsExactlyInAnyOrder("CN=ca-1", "CN=ca-2");
    }

    @Test
    void an_encrypted_key_is_refused_saying_so() throws Exception {
        Path key = deviceKey("ec-pkcs8");
        Path cert = selfSigned(key, "dev-1");
        Path encrypted = dir.resolve("encrypted.pem");
        openssl("pkey", "-in", key.toString(), "-aes256", "-passout", "pass:secret", "-out", encrypted.toString());

        assertThatThrownBy(() -> AgentTls.keyManagers(Files.readString(cert), Files.readString(encrypted)))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("encrypted");
    }

    @Test
    void text_without_a_certificate_or_a_key_is_refused_saying_which() throws Exception {
        Path key = deviceKey("ec-pkcs8");
        Path cert = selfSigned(key, "dev-1");

        assertThatThrownBy(() -> AgentTls.trustManagers("not PEM"))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("no certificate");
        assertThatThrownBy(() -> AgentTls.keyManagers(Files.readString(cert), Files.readString(cert)))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("no private key");
    }

    /** A TLS server that asks for the client's certificate; answers the subject the server saw. */
    private static String handshake(KeyManagerFactory serverKeys, TrustManagerFactory serverTrust,
                                    KeyManagerFactory deviceKeys, TrustManagerFactory deviceTrust) throws Exception {
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(serverKeys.getKeyManagers(), serverTrust.getTrustManagers(), null);
        SSLContext device = SSLContext.getInstance("TLS");
        device.init(deviceKeys.getKeyManagers(), deviceTrust.getTrustManagers(), null);
        try (SSLServerSocket listening = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listening.setNeedClientAuth(true);
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listening.accept()) {
                    accepted.startHandshake();
                    return accepted.getSession().getPeerPrincipal().getName();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket client = (SSLSocket) device.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listening.getLocalPort())) {
                client.startHandshake();
                return peer.get(20, TimeUnit.SECONDS);
            }
        }
    }

    private Path deviceKey(String form) throws Exception {
        Path key = Files.createTempFile(dir, form, ".pem");
        switch (form) {
            case "ec-pkcs8" -> openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-out", key.toString());
            case "ec-sec1-with-parameters" -> openssl("ecparam", "-name", "prime256v1", "-genkey", "-out",
                    key.toString());
            case "ec-sec1" -> {
                Path pkcs8 = deviceKey("ec-pkcs8");
                openssl("ec", "-in", pkcs8.toString(), "-out", key.toString());
            }
            case "rsa-pkcs1" -> openssl("genrsa", "-traditional", "-out", key.toString(), "2048");
            case "rsa-pkcs8" -> openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                    "-out", key.toString());
            default -> throw new IllegalArgumentException(form);
        }
        return key;
    }

    private Path selfSigned(Path key, String name) throws Exception {
        Path cert = Files.createTempFile(dir, name, ".crt");
        openssl("req", "-x509", "-new", "-key", key.toString(), "-subj", "/CN=" + name, "-days", "1",
                "-out", cert.toString());
        return cert;
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("openssl %s: %s", args[0], output).isZero();
    }
}
