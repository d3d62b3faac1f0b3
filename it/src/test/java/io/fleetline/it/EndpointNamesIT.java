package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * With a DNS name as the public host, DescribeEndpoint answers names shaped as AWS's under it; requests that come by
 * those names are served, and the server's certificate holds them, so a device that checks the name it dialled gets
 * through.
 */
class EndpointNamesIT {
    private static final String HOST = "fleet.test";

    @TempDir
    Path dir;

    @Test
    void describe_endpoint_answers_aws_shaped_names_that_reach_the_server_over_http_and_tls() throws Exception {
        try (TestServer server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withNetwork(n -> n.withPublicHost(HOST)).withHttp(h -> h.withDeviceHttpsPort(0)))) {
            int port = URI.create(server.endpoint()).getPort();
            String ats;
            try (IotClient iot = iot(server, "http://127.0.0.1:" + port)) {
                ats = iot.describeEndpoint(r -> r.endpointType("iot:Data-ATS")).endpointAddress();
                String prefix = ats.substring(0, ats.indexOf('-'));
                assertThat(ats).matches("[a-z0-9]{14}-ats\\.iot\\.us-east-1\\.fleet\\.test");
                assertThat(iot.describeEndpoint(r -> r.endpointType("iot:Data")).endpointAddress())
                        .isEqualTo(prefix + ".iot.us-east-1.fleet.test");
                assertThat(iot.describeEndpoint(r -> r.endpointType("iot:Jobs")).endpointAddress())
                        .isEqualTo(prefix + ".jobs.iot.us-east-1.fleet.test");
                assertThat(iot.describeEndpoint(r -> r.endpointType("iot:CredentialProvider")).endpointAddress())
                        .isEqualTo(prefix + ".credentials.iot.us-east-1.fleet.test");
            }

            // a client that resolves the name here (as /etc/hosts would) is served by it: the Host header and the
            // signature name it
            try (IotClient byName = iot(server, "http://" + ats + ":" + port)) {
                byName.createThing(r -> r.thingName("by-name"));
                assertThat(byName.describeThing(r -> r.thingName("by-name")).thingName()).isEqualTo("by-name");
            }

            // a device checking the certificate against the name it dialled gets through; a name the certificate
            // does not hold is refused
            handshake(server, ats);
            String jobs = ats.replace("-ats.iot.", ".jobs.iot.");
            handshake(server, jobs);
            assertThatThrownBy(() -> handshake(server, "device.other.test"))
                    .isInstanceOf(SSLHandshakeException.class);
        }
        // started again on the same data with another public host, the certificate is issued anew for it
        try (TestServer again = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withNetwork(n -> n.withPublicHost("fleet2.test")).withHttp(h -> h.withDeviceHttpsPort(0)))) {
            handshake(again, "abcdefghijklmn-ats.iot.us-east-1.fleet2.test");
        }
    }

    private static IotClient iot(TestServer server, String endpoint) {
        return IotClient.builder().endpointOverride(URI.create(endpoint)).region(Region.of(server.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKeyId(), server.secretKey())))
                .httpClient(ApacheHttpClient.builder()
                        .dnsResolver(host -> new InetAddress[] {InetAddress.getLoopbackAddress()}).build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** A TLS handshake with the device HTTPS port by {@code name}, checking the server's certificate holds it. */
    private static void handshake(TestServer server, String name) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream ca = Files.newInputStream(server.caFile())) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(ca));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.deviceHttpsPort());
             SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, name,
                     server.deviceHttpsPort(), true)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setServerNames(List.of(new SNIHostName(name)));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
        }
    }
}
