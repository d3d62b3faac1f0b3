package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.crt.iot.MqttRequestResponseClientOptions;
import software.amazon.awssdk.crt.iot.StreamingOperation;
import software.amazon.awssdk.crt.iot.SubscriptionStatusEvent;
import software.amazon.awssdk.crt.iot.SubscriptionStatusEventType;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.iot.V2ClientStreamOptions;
import software.amazon.awssdk.iot.iotshadow.IotShadowV2Client;
import software.amazon.awssdk.iot.iotshadow.model.DeleteNamedShadowRequest;
import software.amazon.awssdk.iot.iotshadow.model.GetNamedShadowRequest;
import software.amazon.awssdk.iot.iotshadow.model.GetShadowRequest;
import software.amazon.awssdk.iot.iotshadow.model.GetShadowResponse;
import software.amazon.awssdk.iot.iotshadow.model.ShadowDeltaUpdatedEvent;
import software.amazon.awssdk.iot.iotshadow.model.ShadowDeltaUpdatedSubscriptionRequest;
import software.amazon.awssdk.iot.iotshadow.model.ShadowState;
import software.amazon.awssdk.iot.iotshadow.model.UpdateNamedShadowRequest;
import software.amazon.awssdk.iot.iotshadow.model.UpdateShadowRequest;
import software.amazon.awssdk.iot.iotshadow.model.UpdateShadowResponse;
import software.amazon.awssdk.iot.iotshadow.model.V2ErrorResponseException;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;

/**
 * The AWS IoT Device SDK for Java v2's shadow client ({@code IotShadowV2Client} over MQTT 5 with mutual TLS),
 * unchanged: a device reports its state, hears of the desired change an operator makes over HTTPS as a delta, reads
 * the shadow, uses a named shadow, and is told AWS's errors (404, 409) as the SDK models them.
 */
class AwsDeviceSdkShadowIT {
    private static final long WAIT_SECONDS = 30;
    @TempDir
    static Path dir;
    static TestServer server;
    static IotClient iot;

    @BeforeAll
    static void start() {
        server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(), c -> c.withMqtt(m -> m.withPort(0)));
        iot = Sdk.iot(server);
        iot.createPolicy(r -> r.policyName("shadow-device").policyDocument(ShadowProtocolIT.THING_POLICY));
    }

    @AfterAll
    static void stop() {
        iot.close();
        server.close();
    }

    @Test
    void the_shadow_v2_client_reports_hears_the_delta_reads_and_is_told_awss_errors() throws Exception {
        String thing = "sdk-shadow";
        Path[] files = Sdk.thingDevice(iot, thing, "shadow-device").writeTo(dir, thing);
        BlockingQueue<ShadowDeltaUpdatedEvent> deltas = new LinkedBlockingQueue<>();
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        ShadowDeltaUpdatedSubscriptionRequest deltaRequest = new ShadowDeltaUpdatedSubscriptionRequest();
        deltaRequest.thingName = thing;
        try (Mqtt5Client client = mqtt5(thing, files);
             IotShadowV2Client shadows = IotShadowV2Client.newFromMqtt5(client, MqttRequestResponseClientOptions
                     .builder().withMaxRequestResponseSubscriptions(4).withMaxStreamingSubscriptions(2)
                     .withOperationTimeoutSeconds((int) WAIT_SECONDS).build());
             StreamingOperation stream = shadows.createShadowDeltaUpdatedStream(deltaRequest,
                     V2ClientStreamOptions.<ShadowDeltaUpdatedEvent>builder().withStreamEventHandler(deltas::add)
                             .withSubscriptionEventHandler(event -> established(event, subscribed)).build());
             IotDataPlaneClient data = Sdk.data(server)) {
            stream.open();
            subscribed.get(WAIT_SECONDS, TimeUnit.SECONDS);

            GetShadowRequest get = new GetShadowRequest();
            get.thingName = thing;
            assertThat(shadows.getShadow(get)).failsWithin(WAIT_SECONDS, TimeUnit.SECONDS)
                    .withThrowableOfType(ExecutionException.class).havingCause()
                    .isInstanceOfSatisfying(V2ErrorResponseException.class,
                            e -> assertThat(e.getModeledError().code).isEqualTo(404));

            UpdateShadowRequest report = new UpdateShadowRequest();
            report.thingName = thing;
            report.state = new ShadowState();
            report.state.reported = new HashMap<>(Map.of("color", "red", "brightness", 10));
            UpdateShadowResponse reported = shadows.updateShadow(report).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(reported.version).isEqualTo(1);
            assertThat(reported.state.reported).containsEntry("color", "red");

            data.updateThingShadow(r -> r.thingName(thing)
                    .payload(SdkBytes.fromUtf8String("{\"state\":{\"desired\":{\"color\":\"green\"}}}")));
            ShadowDeltaUpdatedEvent delta = deltas.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(delta).isNotNull();
            assertThat(delta.state).isEqualTo(Map.of("color", "green"));
            assertThat(delta.version).isEqualTo(2);

            GetShadowResponse shadow = shadows.getShadow(get).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(shadow.state.delta).isEqualTo(Map.of("color", "green"));
            assertThat(shadow.state.reported).containsEntry("brightness", 10.0);
            assertThat(shadow.version).isEqualTo(2);

            report.version = 1;
            assertThat(shadows.updateShadow(report)).failsWithin(WAIT_SECONDS, TimeUnit.SECONDS)
                    .withThrowableOfType(ExecutionException.class).havingCause()
                    .isInstanceOfSatisfying(V2ErrorResponseException.class, e -> {
                        assertThat(e.getModeledError().code).isEqualTo(409);
                        assertThat(e.getModeledError().message).isEqualTo("Version conflict");
                    });

            UpdateNamedShadowRequest named = new UpdateNamedShadowRequest();
            named.thingName = thing;
            named.shadowName = "config";
            named.state = new ShadowState();
            named.state.reported = new HashMap<>(Map.of("rate", 5));
            assertThat(shadows.updateNamedShadow(named).get(WAIT_SECONDS, TimeUnit.SECONDS).version).isEqualTo(1);
            GetNamedShadowRequest getNamed = new GetNamedShadowRequest();
            getNamed.thingName = thing;
            getNamed.shadowName = "config";
            assertThat(shadows.getNamedShadow(getNamed).get(WAIT_SECONDS, TimeUnit.SECONDS).state.reported)
                    .containsEntry("rate", 5.0);
            DeleteNamedShadowRequest deleteNamed = new DeleteNamedShadowRequest();
            deleteNamed.thingName = thing;
            deleteNamed.shadowName = "config";
            assertThat(shadows.deleteNamedShadow(deleteNamed).get(WAIT_SECONDS, TimeUnit.SECONDS).version)
                    .isEqualTo(1);
        }
    }

    private static void established(SubscriptionStatusEvent event, CompletableFuture<Void> subscribed) {
        if (event.getType() == SubscriptionStatusEventType.SUBSCRIPTION_ESTABLISHED) {
            subscribed.complete(null);
        } else {
            subscribed.completeExceptionally(new IllegalStateException("subscription " + event.getType()
                    + event.getError().map(code -> ": error " + code).orElse("")));
        }
    }

    private static Mqtt5Client mqtt5(String thing, Path[] files) throws Exception {
        return DeviceSdkMqtt5.connect(server, thing, files, WAIT_SECONDS);
    }
}
