package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.testkit.DeviceIdentity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.fleetline.server.config.AuthMode;
import io.fleetline.server.Main;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * {@code --auth permissive}: any key signs, a 12-digit key id is the account, the signed region the region, and
 * accounts (and regions) share nothing.
 */
class PermissiveAccountsIT {
    @TempDir
    Path dir;

    static IotClient iot(TestServer server, String keyId, String region) {
        return IotClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, "any-secret")))
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void two_accounts_cannot_read_list_or_target_each_others_resources(Store store) {
        try (TestServer server = TestServer.start(store, dir, Clock.systemUTC(),
                c -> c.withAccount(a -> a.withAuth(AuthMode.PERMISSIVE)
                        .withScope(new AccountScope("us-east-1", "123456789012"))));
             IotClient a = iot(server, "111111111111", "us-east-1");
             IotClient b = iot(server, "222222222222", "us-east-1");
             IotClient aWest = iot(server, "111111111111", "us-west-2");
             IotClient anyKey = iot(server, "AKIDEXAMPLE", "us-east-1")) {
            String aArn = a.createThing(r -> r.thingName("dev-1")).thingArn();
            String bArn = b.createThing(r -> r.thingName("dev-1")).thingArn();
            String defaultArn = anyKey.createThing(r -> r.thingName("dev-1")).thingArn();
            assertThat(aArn).isEqualTo("arn:aws:iot:us-east-1:111111111111:thing/dev-1");
            assertThat(bArn).isEqualTo("arn:aws:iot:us-east-1:222222222222:thing/dev-1");
            assertThat(defaultArn).as("a key that is no account id acts in --account-id's account")
                    .isEqualTo("arn:aws:iot:us-east-1:123456789012:thing/dev-1");

            a.createThing(r -> r.thingName("only-in-a"));
            a.createPolicy(r -> r.policyName("a-policy").policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":"
                    + "[{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}"));
            a.createJob(r -> r.jobId("a-job").document("{}").targets(aArn));

            assertThat(b.listThings().things()).extracting(t -> t.thingName()).containsExactly("dev-1");
            assertThat(aWest.listThings().things()).as("another region of the same account").isEmpty();
            assertThatThrownBy(() -> b.describeThing(r -> r.thingName("only-in-a")))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThat(b.listPolicies().policies()).isEmpty();
            assertThatThrownBy(() -> b.getPolicy(r -> r.policyName("a-policy")))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThat(b.listJobs().jobs()).isEmpty();
            assertThatThrownBy(() -> b.describeJob(r -> r.jobId("a-job"))).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> b.createJob(r -> r.jobId("steal").document("{}").targets(aArn)))
                    .as("a job cannot target another account's thing").isInstanceOf(InvalidRequestException.class);
            assertThat(a.listJobs().jobs()).extracting(j -> j.jobId()).containsExactly("a-job");
            assertThat(a.describeThing(r -> r.thingName("dev-1")).thingArn()).isEqualTo(aArn);

            // a reset wipes every account
            assertThat(Main.run("reset", "--endpoint-url", server.endpoint(), "--data-dir", dir.resolve("none").toString()))
                    .isZero();
            assertThat(a.listThings().things()).isEmpty();
            assertThat(b.listThings().things()).isEmpty();
            assertThat(anyKey.listThings().things()).isEmpty();
        }
    }

    /** The contents an account's object store keeps on disk (its {@code sha256/} files). */
    private static long contents(Path contentDir) throws java.io.IOException {
        Path files = contentDir.resolve("sha256");
        if (!java.nio.file.Files.exists(files)) {
            return 0;
        }
        try (var walk = java.nio.file.Files.walk(files)) {
            return walk.filter(java.nio.file.Files::isRegularFile).count();
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void each_account_has_its_own_buckets_and_bytes_and_a_reset_empties_every_store(Store store) throws Exception {
        try (TestServer server = TestServer.start(store, dir, Clock.systemUTC(),
                c -> c.withAccount(a -> a.withAuth(AuthMode.PERMISSIVE)
                        .withScope(new AccountScope("us-east-1", "123456789012"))));
             S3Client a = Sdk.s3(server, "111111111111", "any-secret", "us-east-1");
             S3Client b = Sdk.s3(server, "222222222222", "any-secret", "us-east-1");
             S3Client home = Sdk.s3(server, "AKIDEXAMPLE", "any-secret", "us-east-1")) {
            a.createBucket(r -> r.bucket("firmware"));
            a.putObject(r -> r.bucket("firmware").key("fw.bin"), RequestBody.fromString("image of a"));
            b.createBucket(r -> r.bucket("firmware"));
            b.putObject(r -> r.bucket("firmware").key("fw.bin"), RequestBody.fromString("image of b"));
            home.createBucket(r -> r.bucket("home-only"));
            home.putObject(r -> r.bucket("home-only").key("fw.bin"), RequestBody.fromString("image of home"));

            assertThat(a.listBuckets().buckets()).extracting(Bucket::name).containsExactly("firmware");
            assertThat(b.listBuckets().buckets()).extracting(Bucket::name).containsExactly("firmware");
            assertThat(home.listBuckets().buckets()).extracting(Bucket::name).containsExactly("home-only");
            assertThat(a.getObjectAsBytes(r -> r.bucket("firmware").key("fw.bin")).asUtf8String())
                    .isEqualTo("image of a");
            assertThat(b.getObjectAsBytes(r -> r.bucket("firmware").key("fw.bin")).asUtf8String())
                    .isEqualTo("image of b");
            assertThatThrownBy(() -> a.getObject(r -> r.bucket("home-only").key("fw.bin")))
                    .isInstanceOf(NoSuchBucketException.class);
            b.deleteObject(r -> r.bucket("firmware").key("fw.bin"));
            b.deleteBucket(r -> r.bucket("firmware"));
            assertThat(a.getObjectAsBytes(r -> r.bucket("firmware").key("fw.bin")).asUtf8String())
                    .as("b's delete is b's alone").isEqualTo("image of a");

            Path data = server.dataDir();
            Path aContents = data.resolve("accounts/111111111111_us_east_1.blobs");
            assertThat(contents(aContents)).as("a's bytes beside a's database").isEqualTo(1);
            assertThat(contents(data.resolve("accounts/222222222222_us_east_1.blobs"))).isZero();
            assertThat(contents(data.resolve("blobs"))).as("the home account's bytes").isEqualTo(1);

            assertThat(Main.run("reset", "--endpoint-url", server.endpoint(), "--data-dir", dir.resolve("none").toString()))
                    .isZero();
            assertThat(a.listBuckets().buckets()).isEmpty();
            assertThat(home.listBuckets().buckets()).isEmpty();
            assertThat(contents(aContents) + contents(data.resolve("blobs"))).as("no bytes left").isZero();
            a.createBucket(r -> r.bucket("home-only"));
            assertThat(a.listObjectsV2(r -> r.bucket("home-only")).contents()).isEmpty();
        }
    }

    private static DeviceIdentity identity(IotClient iot, String account) {
        iot.createPolicy(r -> r.policyName("fleet").policyDocument(("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Connect", "Resource": "arn:aws:iot:us-east-1:ACCOUNT:client/*"},
                  {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive", "iot:RetainPublish"],
                   "Resource": "arn:aws:iot:us-east-1:ACCOUNT:topic/*"},
                  {"Effect": "Allow", "Action": "iot:Subscribe", "Resource": "arn:aws:iot:us-east-1:ACCOUNT:topicfilter/*"}
                ]}""").replace("ACCOUNT", account)));
        var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
        iot.attachPolicy(r -> r.policyName("fleet").target(keys.certificateArn()));
        return new DeviceIdentity(keys.certificateArn(), keys.certificateId(), keys.certificatePem(),
                keys.keyPair().privateKey());
    }

    /** A device that subscribed to everything it may and keeps what it gets. */
    private static RecordingDevice listener(TestServer server, DeviceIdentity identity, String clientId)
            throws Exception {
        return new RecordingDevice(server, identity, clientId, "#", "$aws/things/dev-1/jobs/notify-next");
    }

    @Test
    void two_accounts_never_receive_each_others_messages() throws Exception {
        try (TestServer server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withAccount(a -> a.withAuth(AuthMode.PERMISSIVE)).withMqtt(m -> m.withPort(0)));
             IotClient a = iot(server, "111111111111", "us-east-1");
             IotClient b = iot(server, "222222222222", "us-east-1");
             IotClient home = iot(server, "AKIDEXAMPLE", "us-east-1");
             IotDataPlaneClient aData = data(server, "111111111111")) {
            String aThing = a.createThing(r -> r.thingName("dev-1")).thingArn();
            b.createThing(r -> r.thingName("dev-1"));
            // the same client id in three accounts: three sessions, none taking over another
            try (RecordingDevice inA = listener(server, identity(a, "111111111111"), "dev-1");
                 RecordingDevice inB = listener(server, identity(b, "222222222222"), "dev-1");
                 RecordingDevice inHome = listener(server, identity(home, "000000000000"), "dev-1")) {
                inA.client().publishWith().topic("fleet/a").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                        .payload("from a".getBytes(StandardCharsets.UTF_8)).send();
                aData.publish(r -> r.topic("fleet/a-http").qos(1).payload(SdkBytes.fromUtf8String("over http")));
                inB.client().publishWith().topic("fleet/b").qos(MqttQos.AT_LEAST_ONCE)
                        .payload("from b".getBytes(StandardCharsets.UTF_8)).send();
                a.createJob(r -> r.jobId("a-job").document("{\"v\":1}").targets(aThing));
                server.tickJobs();

                assertThat(inA.topicsUntilMarker("a")).contains("fleet/a", "fleet/a-http",
                        "$aws/things/dev-1/jobs/notify-next").doesNotContain("fleet/b");
                assertThat(inB.topicsUntilMarker("b")).contains("fleet/b")
                        .doesNotContain("fleet/a", "fleet/a-http", "$aws/things/dev-1/jobs/notify-next");
                assertThat(inHome.topicsUntilMarker("home")).doesNotContain("fleet/a", "fleet/a-http", "fleet/b",
                        "$aws/things/dev-1/jobs/notify-next");
                assertThat(List.of(inA, inB, inHome)).allMatch(l -> l.client().getState().isConnected());

                // nor can a device reach into another account's namespace by naming it
                inHome.client().subscribeWith().topicFilter("fleetline/#").send();
                inHome.client().subscribeWith().topicFilter("fleetline$/#").send();
                inA.client().publishWith().topic("fleet/a-again").qos(MqttQos.AT_LEAST_ONCE)
                        .payload("from a".getBytes(StandardCharsets.UTF_8)).send();
                assertThat(inA.topicsUntilMarker("a2")).containsExactly("fleet/a-again");
                assertThat(inHome.topicsUntilMarker("home2")).isEmpty();

                // a retained message stays in its account: a late subscriber of B sees none of A's
                try (RecordingDevice lateB = listener(server, identity2(b, "222222222222"), "late-b")) {
                    assertThat(lateB.topicsUntilMarker("late")).doesNotContain("fleet/a");
                }
                try (RecordingDevice lateA = listener(server, identity2(a, "111111111111"), "late-a")) {
                    assertThat(lateA.topicsUntilMarker("late")).contains("fleet/a");
                }
            }
            // the device jobs protocol runs inside the account: A's device runs A's job, B's thing of that name has none
            try (JobDevice device = new JobDevice(server, identity2(a, "111111111111"), "dev-1", null, o -> { })) {
                device.publish("start-next", "{}");
                assertThat(device.next("start-next/accepted").path("execution").path("jobId").asText()).isEqualTo("a-job");
                device.publish("a-job/update", "{\"status\": \"SUCCEEDED\"}");
                device.next("a-job/update/accepted");
            }
            assertThat(a.describeJobExecution(r -> r.jobId("a-job").thingName("dev-1")).execution().statusAsString())
                    .isEqualTo("SUCCEEDED");
            assertThat(b.listJobExecutionsForThing(r -> r.thingName("dev-1")).executionSummaries()).isEmpty();
        }
    }

    /**
     * As other local emulators do, the test double takes MQTT over WebSocket at {@code /mqtt} without a SigV4 query:
     * in the default account, or in the one a bare {@code X-Amz-Credential} names.
     */
    @Test
    void an_unsigned_websocket_is_let_in_to_the_default_account_or_the_one_its_credential_names() throws Exception {
        try (TestServer server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withAccount(a -> a.withAuth(AuthMode.PERMISSIVE)).withMqtt(m -> m.withPort(0)));
             IotDataPlaneClient homeData = data(server, "AKIDEXAMPLE");
             IotDataPlaneClient aData = data(server, "111111111111")) {
            int port = URI.create(server.endpoint()).getPort();
            Mqtt5BlockingClient home = SignedWebSocketIT.webSocketClient(port, "", "console-home");
            Mqtt5BlockingClient inA = SignedWebSocketIT.webSocketClient(port, "X-Amz-Credential=111111111111",
                    "console-a");
            home.connect();
            inA.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes toHome = home.publishes(MqttGlobalPublishFilter.ALL);
                 Mqtt5BlockingClient.Mqtt5Publishes toA = inA.publishes(MqttGlobalPublishFilter.ALL)) {
                home.subscribeWith().topicFilter("ops/#").qos(MqttQos.AT_LEAST_ONCE).send();
                inA.subscribeWith().topicFilter("ops/#").qos(MqttQos.AT_LEAST_ONCE).send();

                aData.publish(r -> r.topic("ops/a").qos(1).payload(SdkBytes.fromUtf8String("for a")));
                homeData.publish(r -> r.topic("ops/home").qos(1).payload(SdkBytes.fromUtf8String("for home")));

                assertThat(toA.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString()).isEqualTo("ops/a");
                assertThat(toHome.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString())
                        .as("the default account's session hears nothing of account 111111111111")
                        .isEqualTo("ops/home");
            } finally {
                home.disconnect();
                inA.disconnect();
            }
        }
    }

    /** MQTT §4.7.2 holds inside an account too: its {@code $aws/...} topics are in a tree its {@code #} misses. */
    @Test
    void a_wildcard_filter_gets_no_aws_events_of_its_own_account() throws Exception {
        try (TestServer server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withAccount(a -> a.withAuth(AuthMode.PERMISSIVE)).withMqtt(m -> m.withPort(0)));
             IotClient a = iot(server, "111111111111", "us-east-1")) {
            DeviceIdentity identity = identity(a, "111111111111");
            Mqtt5BlockingClient explicit = RetainedMessagesIT.client(server, identity, "explicit");
            explicit.connect();
            try (RecordingDevice wild = listener(server, identity, "wild");
                 Mqtt5BlockingClient.Mqtt5Publishes events = explicit.publishes(MqttGlobalPublishFilter.ALL)) {
                explicit.subscribeWith().topicFilter("$aws/events/presence/connected/+").qos(MqttQos.AT_LEAST_ONCE).send();
                Mqtt5BlockingClient visitor = RetainedMessagesIT.client(server, identity, "visitor");
                visitor.connect();
                assertThat(events.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString())
                        .isEqualTo("$aws/events/presence/connected/visitor");
                visitor.disconnect();
                assertThat(wild.topicsUntilMarker("wild")).noneMatch(topic -> topic.startsWith("$aws/events/"));
            } finally {
                explicit.disconnect();
            }
        }
    }

    @Test
    void an_operators_websocket_session_is_in_the_account_it_signed_for() throws Exception {
        try (TestServer server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withAccount(a -> a.withAuth(AuthMode.PERMISSIVE)).withMqtt(m -> m.withPort(0)));
             IotDataPlaneClient aData = data(server, "111111111111");
             IotDataPlaneClient bData = data(server, "222222222222")) {
            int port = URI.create(server.endpoint()).getPort();
            Mqtt5BlockingClient console = SignedWebSocketIT.webSocketClient(port,
                    SignedWebSocketIT.presignedQuery(server, "111111111111", "whatever"), "console");
            console.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes received = console.publishes(MqttGlobalPublishFilter.ALL)) {
                console.subscribeWith().topicFilter("fleet/#").qos(MqttQos.AT_LEAST_ONCE).send();
                bData.publish(r -> r.topic("fleet/from-b").qos(1).payload(SdkBytes.fromUtf8String("b")));
                aData.publish(r -> r.topic("fleet/from-a").qos(1).payload(SdkBytes.fromUtf8String("a")));
                assertThat(received.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString())
                        .isEqualTo("fleet/from-a");
            } finally {
                console.disconnect();
            }
        }
    }

    @Test
    void a_device_on_the_https_port_acts_in_the_account_of_its_certificate() throws Exception {
        try (TestServer server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withAccount(a -> a.withAuth(AuthMode.PERMISSIVE)).withHttp(h -> h.withDeviceHttpsPort(0)));
             IotClient a = iot(server, "111111111111", "us-east-1");
             IotClient b = iot(server, "222222222222", "us-east-1")) {
            String aThing = a.createThing(r -> r.thingName("dev-1")).thingArn();
            b.createThing(r -> r.thingName("dev-1"));
            a.createJob(r -> r.jobId("a-job").document("{}").targets(aThing));
            server.tickJobs();
            java.util.Map<String, String> pending = new java.util.HashMap<>();
            for (var account : java.util.Map.of("111111111111", a, "222222222222", b).entrySet()) {
                DeviceIdentity identity = identity(account.getValue(), account.getKey());
                account.getValue().createPolicy(r -> r.policyName("jobs").policyDocument("""
                        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iotjobsdata:*",
                         "Resource": "arn:aws:iot:us-east-1:%s:thing/dev-1"}]}""".formatted(account.getKey())));
                account.getValue().attachPolicy(r -> r.policyName("jobs").target(identity.certificateArn()));
                javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
                tls.init(identity.keyManagers().getKeyManagers(),
                        DeviceIdentity.trusting(server.caFile()).getTrustManagers(), null);
                try (HttpClient https = HttpClient.newBuilder().sslContext(tls).build()) {
                    HttpResponse<String> jobs = https.send(HttpRequest.newBuilder(URI.create(
                            "https://127.0.0.1:" + server.deviceHttpsPort() + "/things/dev-1/jobs")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(jobs.statusCode()).as(jobs.body()).isEqualTo(200);
                    pending.put(account.getKey(), jobs.body());
                }
            }
            assertThat(pending.get("111111111111")).contains("a-job");
            assertThat(pending.get("222222222222")).doesNotContain("a-job");
        }
    }

    private static IotDataPlaneClient data(TestServer server, String keyId) {
        return IotDataPlaneClient.builder().endpointOverride(URI.create(server.endpoint()))
                .region(Region.US_EAST_1).httpClient(ApacheHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, "x")))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    /** A second certificate under the policy {@link #identity} made. */
    private static DeviceIdentity identity2(IotClient iot, String account) {
        var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
        iot.attachPolicy(r -> r.policyName("fleet").target(keys.certificateArn()));
        return new DeviceIdentity(keys.certificateArn(), keys.certificateId(), keys.certificatePem(),
                keys.keyPair().privateKey());
    }

    @Test
    void a_request_must_still_be_signed_and_well_formed() throws Exception {
        try (TestServer server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withAccount(a -> a.withAuth(AuthMode.PERMISSIVE)));
             HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/things"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unsigned.statusCode()).isEqualTo(403);
            assertThat(unsigned.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
            HttpResponse<String> garbled = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/things"))
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=111111111111/20261130/us-east-1/iot")
                    .header("X-Amz-Date", "20261130T000000Z").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(garbled.statusCode()).isEqualTo(400);
            assertThat(garbled.headers().firstValue("x-amzn-ErrorType")).hasValue("IncompleteSignatureException");
        }
    }
}
