package io.fleetline.bench;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import io.fleetline.testkit.DeviceIdentity;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * Shows that both brokers are met on equal terms: one handshake with the JDK's TLS (as the load generator's
 * clients do it) to print what was negotiated, and one MQTT CONNECT to print the flow-control limits each
 * broker announces.
 */
final class TlsProbe {
    private TlsProbe() {
    }

    static String describe(BrokerUnderTest broker, DeviceIdentity device, Path caFile, LoadClients clients) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(device.keyManagers().getKeyManagers(), DeviceIdentity.trusting(caFile).getTrustManagers(), null);
        String tls;
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", broker.port())) {
            socket.startHandshake();
            SSLSession session = socket.getSession();
            tls = session.getProtocol() + " " + session.getCipherSuite() + ", server key "
                    + session.getPeerCertificates()[0].getPublicKey().getAlgorithm();
        }
        Mqtt5AsyncClient client = clients.client(broker, "bench-probe", 0);
        Mqtt5ConnAck ack = LoadClients.connect(client).get(30, TimeUnit.SECONDS);
        client.disconnect().get(30, TimeUnit.SECONDS);
        return "%-9s %s; CONNACK: receive maximum %d, keep-alive %s".formatted(broker.name(), tls,
                ack.getRestrictions().getReceiveMaximum(),
                ack.getServerKeepAlive().isPresent() ? ack.getServerKeepAlive().getAsInt() + " s" : "as asked");
    }
}
