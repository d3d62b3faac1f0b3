package io.fleetline.it;

import io.fleetline.testkit.TestServer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.crt.mqtt5.OnAttemptingConnectReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionFailureReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionSuccessReturn;
import software.amazon.awssdk.crt.mqtt5.OnDisconnectionReturn;
import software.amazon.awssdk.crt.mqtt5.OnStoppedReturn;
import software.amazon.awssdk.crt.mqtt5.packets.ConnectPacket;
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;

/** An MQTT 5 client of the AWS IoT Device SDK for Java v2, connected to a test server with mutual TLS as AWS's are. */
final class DeviceSdkMqtt5 {
    private DeviceSdkMqtt5() {
    }

    /**
     * A started client, connected as {@code thing} with the certificate and key in {@code files} ({@code [cert, key]}),
     * trusting the server's CA; waits at most {@code waitSeconds} for the connection.
     */
    static Mqtt5Client connect(TestServer server, String thing, Path[] files, long waitSeconds) throws Exception {
        CompletableFuture<Void> connected = new CompletableFuture<>();
        AwsIotMqtt5ClientBuilder builder = AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromPath(
                "127.0.0.1", files[0].toString(), files[1].toString());
        builder.withPort((long) server.mqttsPort());
        builder.withCertificateAuthorityFromPath(null, server.caFile().toString());
        builder.withConnectProperties(new ConnectPacket.ConnectPacketBuilder().withClientId(thing));
        builder.withLifeCycleEvents(new Mqtt5ClientOptions.LifecycleEvents() {
            @Override
            public void onAttemptingConnect(Mqtt5Client client, OnAttemptingConnectReturn data) {
            }

            @Override
            public void onConnectionSuccess(Mqtt5Client client, OnConnectionSuccessReturn data) {
                connected.complete(null);
            }

            @Override
            public void onConnectionFailure(Mqtt5Client client, OnConnectionFailureReturn data) {
                connected.completeExceptionally(new IllegalStateException("connection failed: "
                        + data.getErrorCode()));
            }

            @Override
            public void onDisconnection(Mqtt5Client client, OnDisconnectionReturn data) {
            }

            @Override
            public void onStopped(Mqtt5Client client, OnStoppedReturn data) {
            }
        });
        Mqtt5Client client = builder.build();
        client.start();
        connected.get(waitSeconds, TimeUnit.SECONDS);
        return client;
    }
}
