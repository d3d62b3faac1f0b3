package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.server.AuthMode;
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
                c -> c.withAuth(AuthMode.PERMISSIVE).withScope(new AccountScope("us-east-1", "123456789012")));
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

    @Test
    void other_accounts_get_no_messages_of_the_servers_account() throws Exception {
        try (TestServer server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withAuth(AuthMode.PERMISSIVE).withMqtt(java.util.Optional.of(0), java.util.Optional.empty()));
             IotDataPlaneClient other = IotDataPlaneClient.builder().endpointOverride(URI.create(server.endpoint()))
                     .region(Region.US_EAST_1).httpClient(ApacheHttpClient.create())
                     .credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create("222222222222", "x")))
                     .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            // MQTT is the server's own account's for now: another account's publish is refused, not delivered
            assertThatThrownBy(() -> other.publish(r -> r.topic("fleet/x").payload(SdkBytes.fromUtf8String("hi"))))
                    .hasMessageContaining("Publish");
        }
    }

    @Test
    void a_request_must_still_be_signed_and_well_formed() throws Exception {
        try (TestServer server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withAuth(AuthMode.PERMISSIVE));
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
