package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.crt.mqtt5.OnAttemptingConnectReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionFailureReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionSuccessReturn;
import software.amazon.awssdk.crt.mqtt5.OnDisconnectionReturn;
import software.amazon.awssdk.crt.mqtt5.OnStoppedReturn;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.ConnectPacket;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubscribePacket;
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;
import software.amazon.awssdk.services.iot.IotClient;

/** The AWS IoT Device SDK for Java v2 (aws-crt), unchanged, against Fleetline's broker over mutual TLS. */
class AwsDeviceSdkIT {
    @TempDir
    Path dir;

    @Test
    void the_aws_device_sdk_connects_subscribes_and_publishes() throws Exception {
        try (TestServer server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withMqtt(m -> m.withPort(0)));
             IotClient iot = Sdk.iot(server)) {
            iot.createPolicy(r -> r.policyName("sdk").policyDocument("""
                    {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Action": "iot:Connect",
                       "Resource": "arn:aws:iot:us-east-1:000000000000:client/${iot:Connection.Thing.ThingName}"},
                      {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
                       "Resource": "arn:aws:iot:us-east-1:000000000000:topic/sdk/${iot:Connection.Thing.ThingName}/*"},
                      {"Effect": "Allow", "Action": "iot:Subscribe",
                       "Resource": "arn:aws:iot:us-east-1:000000000000:topicfilter/sdk/${iot:Connection.Thing.ThingName}/*"}]}"""));
            iot.createThing(r -> r.thingName("sdk-device"));
            var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
            iot.attachPolicy(r -> r.policyName("sdk").target(keys.certificateArn()));
            iot.attachThingPrincipal(r -> r.thingName("sdk-device").principal(keys.certificateArn()));
            Path[] files = new DeviceIdentity(keys.certificateArn(), keys.certificateId(), keys.certificatePem(),
                    keys.keyPair().privateKey()).writeTo(dir, "sdk-device");

            CompletableFuture<Void> connected = new CompletableFuture<>();
            CompletableFuture<byte[]> received = new CompletableFuture<>();
            AwsIotMqtt5ClientBuilder builder = AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromPath(
                    "127.0.0.1", files[0].toString(), files[1].toString());
            builder.withPort((long) server.mqttsPort());
            builder.withCertificateAuthorityFromPath(null, server.caFile().toString());
            builder.withConnectProperties(new ConnectPacket.ConnectPacketBuilder().withClientId("sdk-device"));
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
                    connected.completeExceptionally(new IllegalStateException("connection failed: " + data.getErrorCode()));
                }

                @Override
                public void onDisconnection(Mqtt5Client client, OnDisconnectionReturn data) {
                }

                @Override
                public void onStopped(Mqtt5Client client, OnStoppedReturn data) {
                }
            });
            builder.withPublishEvents((client, result) -> received.complete(result.getPublishPacket().getPayload()));
            try (Mqtt5Client client = builder.build()) {
                client.start();
                connected.get(30, TimeUnit.SECONDS);
                client.subscribe(new SubscribePacket.SubscribePacketBuilder()
                        .withSubscription("sdk/sdk-device/#", QOS.AT_LEAST_ONCE).build()).get(30, TimeUnit.SECONDS);
                client.publish(new PublishPacket.PublishPacketBuilder().withTopic("sdk/sdk-device/hello")
                        .withQOS(QOS.AT_LEAST_ONCE).withPayload("from the device sdk".getBytes()).build())
                        .get(30, TimeUnit.SECONDS);

                assertThat(new String(received.get(30, TimeUnit.SECONDS))).isEqualTo("from the device sdk");
                client.stop();
            }
        }
    }
}
