package io.fleetline.broker.internal;

import io.fleetline.broker.BrokerSettings;
import io.fleetline.security.ca.Pem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The files the embedded broker reads at start: its {@code config.xml} (it has no configuration API), the
 * server key store, and a truststore that holds only the marker naming Fleetline's trust manager.
 */
final class BrokerFiles {
    static final String PASSWORD = "fleetline";

    private BrokerFiles() {
    }

    static void write(BrokerSettings settings, Path configDir, String marker) throws IOException, GeneralSecurityException {
        Files.createDirectories(configDir);
        Path keystore = configDir.resolve("server.p12");
        Path truststore = configDir.resolve("devices.p12");
        writeKeyStore(settings, keystore);
        writeTrustStore(settings, truststore, marker);
        Files.writeString(configDir.resolve("config.xml"), configXml(settings, keystore, truststore));
    }

    private static void writeKeyStore(BrokerSettings settings, Path target) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = Pem.certificates(Files.readString(settings.serverChainPem()));
        PrivateKey key = Pem.privateKey(Files.readString(settings.serverKeyPem()));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", key, PASSWORD.toCharArray(), chain.toArray(X509Certificate[]::new));
        save(store, target);
    }

    private static void writeTrustStore(BrokerSettings settings, Path target, String marker)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        // the entry's certificate is never used for trust: the marker alias selects our trust manager
        store.setCertificateEntry(marker, Pem.certificates(Files.readString(settings.serverChainPem())).get(0));
        save(store, target);
    }

    private static void save(KeyStore store, Path target) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(target)) {
            store.store(out, PASSWORD.toCharArray());
        }
    }

    private static String configXml(BrokerSettings s, Path keystore, Path truststore) {
        String tls = """
                      <tls>
                        <keystore><path>%s</path><password>%s</password><private-key-password>%s</private-key-password></keystore>
                        <truststore><path>%s</path><password>%s</password></truststore>
                        <client-authentication-mode>REQUIRED</client-authentication-mode>
                        <protocols><protocol>TLSv1.3</protocol><protocol>TLSv1.2</protocol></protocols>
                        <handshake-timeout>10000</handshake-timeout>
                      </tls>
                """.formatted(keystore, PASSWORD, PASSWORD, truststore, PASSWORD);
        String plain = s.plainPort().map(port -> """
                    <tcp-listener><port>%d</port><bind-address>%s</bind-address><name>plain</name></tcp-listener>
                """.formatted(port, s.bindHost())).orElse("");
        String webSocket = s.webSocketPort().map(port -> """
                    <tls-websocket-listener><port>%d</port><bind-address>%s</bind-address><name>wss</name>
                      <path>/mqtt</path>
                      <subprotocols><subprotocol>mqtt</subprotocol><subprotocol>mqttv3.1</subprotocol></subprotocols>
                %s    </tls-websocket-listener>
                """.formatted(port, s.bindHost(), tls)).orElse("");
        return """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                %s%s    <tls-tcp-listener><port>%d</port><bind-address>%s</bind-address><name>mqtts</name>
                %s    </tls-tcp-listener>
                  </listeners>
                  <mqtt>
                    <queued-messages><max-queue-size>%d</max-queue-size><strategy>discard</strategy></queued-messages>
                    <receive-maximum><server-receive-maximum>100</server-receive-maximum></receive-maximum>
                    <packets><max-packet-size>%d</max-packet-size></packets>
                    <session-expiry><max-interval>%d</max-interval></session-expiry>
                    <quality-of-service><max-qos>1</max-qos></quality-of-service>
                    <retained-messages><enabled>true</enabled></retained-messages>
                    <keep-alive><max-keep-alive>%d</max-keep-alive><allow-unlimited>false</allow-unlimited></keep-alive>
                  </mqtt>
                  <restrictions>
                    <max-topic-length>%d</max-topic-length>
                    <max-client-id-length>128</max-client-id-length>
                    <no-connect-idle-timeout>10000</no-connect-idle-timeout>
                  </restrictions>
                  <persistence><mode>in-memory</mode></persistence>
                  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(plain, webSocket, s.tlsPort(), s.bindHost(), tls, s.maxQueuedMessages(), BrokerSettings.MAX_PACKET_BYTES,
                BrokerSettings.MAX_SESSION_EXPIRY_SECONDS, BrokerSettings.MAX_KEEP_ALIVE_SECONDS,
                BrokerSettings.MAX_TOPIC_LENGTH);
    }
}
