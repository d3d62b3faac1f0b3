package io.fleetline.it;

import io.fleetline.core.time.ManualClock;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.StreamFile;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A server with MQTT and its embedded object store, for the MQTT file streams suites: a versioned bucket, streams
 * created with the SDK ({@code IotClient.createStream}) over its objects, and things with the OTA devices' policy
 * (their own jobs and streams topics only) whose devices connect as {@link StreamDevice}s.
 */
final class StreamsFixture implements AutoCloseable {
    static final String BUCKET = "fw-streams";
    static final String ROLE = "arn:aws:iam::000000000000:role/stream-access";
    static final int BLOCK = 4096;

    final TestServer server;
    final IotClient iot;
    final S3Client s3;
    private final List<StreamDevice> devices = new ArrayList<>();

    StreamsFixture(Path dir) {
        server = TestServer.start(Store.SQLITE, dir, new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS)),
                c -> c.withMqtt(m -> m.withPort(0)));
        iot = Sdk.iot(server);
        s3 = Sdk.s3(server);
        s3.createBucket(r -> r.bucket(BUCKET));
        s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        iot.createPolicy(r -> r.policyName("stream-devices").policyDocument(OtaUpdateIT.POLICY));
    }

    /** {@code size} bytes that differ with {@code seed}. */
    static byte[] image(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Stores {@code bytes} under {@code key}; answers the new version's id. */
    String put(String key, byte[] bytes) {
        return s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes)).versionId();
    }

    /** A stream of one file, id 0: {@code key} at {@code version}, or its current object when that is null. */
    String stream(String streamId, String key, String version) {
        iot.createStream(r -> r.streamId(streamId).roleArn(ROLE).files(file(0, key, version)));
        return streamId;
    }

    static StreamFile file(int fileId, String key, String version) {
        return StreamFile.builder().fileId(fileId)
                .s3Location(l -> l.bucket(BUCKET).key(key).version(version)).build();
    }

    /** A new thing with the OTA devices' policy, connected as its device, subscribed to {@code filters} only. */
    StreamDevice device(String thing, String... filters) throws Exception {
        StreamDevice device = StreamDevice.connect(server, thing(thing), thing, filters);
        devices.add(device);
        return device;
    }

    /** A new thing with the OTA devices' policy, its device announcing the largest packet it takes. */
    StreamDevice device(String thing, int maximumPacketSize) throws Exception {
        StreamDevice device = StreamDevice.connect(server, thing(thing), thing, maximumPacketSize);
        devices.add(device);
        return device;
    }

    /** A new thing with the OTA devices' policy, connected as its device over MQTT 3.1.1 as AWS's OTA agent is. */
    StreamDevice device3(String thing) throws Exception {
        StreamDevice device = StreamDevice.connect3(server, thing(thing), thing);
        devices.add(device);
        return device;
    }

    /** A client that is no thing, whose policy lets it subscribe to and receive everything. */
    StreamDevice watcher(String clientId, String... filters) throws Exception {
        return principal(clientId, """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": ["iot:Connect", "iot:Subscribe", "iot:Receive"], "Resource": "*"}]}""",
                filters);
    }

    /** A certificate with a policy of its own ({@code policy}), connected as {@code clientId}, which is no thing. */
    StreamDevice principal(String clientId, String policy, String... filters) throws Exception {
        StreamDevice device = StreamDevice.connect(server, identity(clientId, policy), clientId, filters);
        devices.add(device);
        return device;
    }

    /** A new certificate with a policy of its own ({@code policy}), attached to no thing. */
    DeviceIdentity identity(String name, String policy) {
        iot.createPolicy(r -> r.policyName("policy-" + name).policyDocument(policy));
        var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
        iot.attachPolicy(r -> r.policyName("policy-" + name).target(keys.certificateArn()));
        return new DeviceIdentity(keys.certificateArn(), keys.certificateId(), keys.certificatePem(),
                keys.keyPair().privateKey());
    }

    /** A new thing with the OTA devices' policy and its certificate, not connected. */
    DeviceIdentity thing(String thing) {
        return Sdk.thingDevice(iot, thing, "stream-devices");
    }

    /** Publishes {@code topic} over the HTTPS data plane: what a watcher gets after everything sent before. */
    void mark(String topic) {
        try (IotDataPlaneClient data = Sdk.data(server)) {
            data.publish(r -> r.topic(topic).qos(1).payload(software.amazon.awssdk.core.SdkBytes.fromUtf8String("{}")));
        }
    }

    @Override
    public void close() {
        devices.forEach(StreamDevice::close);
        iot.close();
        s3.close();
        server.close();
    }
}
