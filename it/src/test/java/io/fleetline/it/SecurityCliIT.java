package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Seed 003's device set-up (policy, keys and certificate, attachments) with the real AWS CLIs. */
class SecurityCliIT {
    private static final String POLICY = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": ["iot:Connect"],
                 "Resource": "arn:aws:iot:us-east-1:000000000000:client/${iot:Connection.Thing.ThingName}"},
                {"Effect": "Allow", "Action": ["iot:Publish", "iot:Subscribe", "iot:Receive"],
                 "Resource": ["arn:aws:iot:us-east-1:000000000000:topic/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*",
                              "arn:aws:iot:us-east-1:000000000000:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*"]}
              ]
            }
            """;

    @TempDir
    Path dir;
    TestServer server;

    static Stream<AwsCli> clis() {
        return RegistryCliIT.clis();
    }

    @BeforeEach
    void start() {
        server = TestServer.start(Store.SQLITE, dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void seed_003_device_set_up_and_what_the_policy_then_allows(AwsCli aws) throws Exception {
        Path policyFile = Files.writeString(dir.resolve("iot-device-policy.json"), POLICY);
        JsonNode policy = ok(aws, "iot", "create-policy", "--policy-name", "FleetPolicy",
                "--policy-document", "file://" + policyFile);
        assertThat(policy.path("policyVersionId").asText()).isEqualTo("1");
        ok(aws, "iot", "create-thing", "--thing-name", "IoTDevice-1");
        JsonNode cert = ok(aws, "iot", "create-keys-and-certificate", "--set-as-active");
        String certArn = cert.path("certificateArn").asText();
        assertThat(cert.path("certificatePem").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(cert.path("keyPair").path("PrivateKey").asText()).contains("PRIVATE KEY");
        ok(aws, "iot", "attach-policy", "--policy-name", "FleetPolicy", "--target", certArn);
        ok(aws, "iot", "attach-thing-principal", "--thing-name", "IoTDevice-1", "--principal", certArn);

        assertThat(ok(aws, "iot", "list-thing-principals", "--thing-name", "IoTDevice-1").path("principals").get(0)
                .asText()).isEqualTo(certArn);
        assertThat(ok(aws, "iot", "list-attached-policies", "--target", certArn).path("policies").get(0)
                .path("policyName").asText()).isEqualTo("FleetPolicy");
        assertThat(decision(aws, certArn, "IoTDevice-1", "PUBLISH",
                "arn:aws:iot:us-east-1:000000000000:topic/$aws/things/IoTDevice-1/jobs/start-next")).isEqualTo("ALLOWED");
        assertThat(decision(aws, certArn, "IoTDevice-1", "PUBLISH",
                "arn:aws:iot:us-east-1:000000000000:topic/$aws/things/IoTDevice-2/jobs/start-next"))
                .isEqualTo("IMPLICIT_DENY");
        assertThat(decision(aws, certArn, "IoTDevice-1", "CONNECT",
                "arn:aws:iot:us-east-1:000000000000:client/IoTDevice-1")).isEqualTo("ALLOWED");
        assertThat(decision(aws, certArn, "someone-else", "CONNECT",
                "arn:aws:iot:us-east-1:000000000000:client/someone-else")).isEqualTo("IMPLICIT_DENY");

        // the seed's clean-up, in its order
        ok(aws, "iot", "detach-thing-principal", "--thing-name", "IoTDevice-1", "--principal", certArn);
        ok(aws, "iot", "detach-policy", "--policy-name", "FleetPolicy", "--target", certArn);
        String id = cert.path("certificateId").asText();
        ok(aws, "iot", "update-certificate", "--certificate-id", id, "--new-status", "INACTIVE");
        ok(aws, "iot", "delete-certificate", "--certificate-id", id);
        ok(aws, "iot", "delete-policy", "--policy-name", "FleetPolicy");
        ok(aws, "iot", "delete-thing", "--thing-name", "IoTDevice-1");
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void policy_versions_and_errors(AwsCli aws) {
        ok(aws, "iot", "create-policy", "--policy-name", "p", "--policy-document", POLICY);
        assertThat(fails(aws, "iot", "create-policy", "--policy-name", "bad", "--policy-document", "{\"Version\":1}"))
                .isEqualTo("MalformedPolicyException");
        assertThat(fails(aws, "iot", "create-policy", "--policy-name", "p", "--policy-document", POLICY))
                .isEqualTo("ResourceAlreadyExistsException");
        for (int i = 2; i <= 5; i++) {
            assertThat(ok(aws, "iot", "create-policy-version", "--policy-name", "p", "--policy-document", POLICY)
                    .path("policyVersionId").asText()).isEqualTo(Integer.toString(i));
        }
        assertThat(fails(aws, "iot", "create-policy-version", "--policy-name", "p", "--policy-document", POLICY))
                .isEqualTo("VersionsLimitExceededException");
        ok(aws, "iot", "set-default-policy-version", "--policy-name", "p", "--policy-version-id", "3");
        assertThat(ok(aws, "iot", "get-policy", "--policy-name", "p").path("defaultVersionId").asText()).isEqualTo("3");
        assertThat(fails(aws, "iot", "delete-policy-version", "--policy-name", "p", "--policy-version-id", "3"))
                .isEqualTo("DeleteConflictException");
        assertThat(ok(aws, "iot", "list-policy-versions", "--policy-name", "p").path("policyVersions")).hasSize(5);
        assertThat(fails(aws, "iot", "delete-policy", "--policy-name", "p")).isEqualTo("DeleteConflictException");
        assertThat(fails(aws, "iot", "describe-certificate", "--certificate-id", "0".repeat(64)))
                .isEqualTo("ResourceNotFoundException");
        assertThat(fails(aws, "iot", "register-certificate-without-ca", "--certificate-pem", "not a pem"))
                .isEqualTo("CertificateValidationException");
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void policy_tags_from_create_policy_to_delete_policy(AwsCli aws) {
        String arn = ok(aws, "iot", "create-policy", "--policy-name", "tagged", "--policy-document", POLICY,
                "--tags", "Key=env,Value=prod", "Key=team,Value=a").path("policyArn").asText();
        ok(aws, "iot", "untag-resource", "--resource-arn", arn, "--tag-keys", "team");
        ok(aws, "iot", "tag-resource", "--resource-arn", arn, "--tags", "Key=site,Value=lyon");

        JsonNode tags = ok(aws, "iot", "list-tags-for-resource", "--resource-arn", arn).path("tags");
        assertThat(tags).hasSize(2);
        assertThat(tags.findValuesAsText("Key")).containsExactly("env", "site");
        assertThat(tags.findValuesAsText("Value")).containsExactly("prod", "lyon");
        ok(aws, "iot", "delete-policy", "--policy-name", "tagged");
        assertThat(fails(aws, "iot", "list-tags-for-resource", "--resource-arn", arn))
                .isEqualTo("ResourceNotFoundException");
    }

    private String decision(AwsCli aws, String principal, String clientId, String action, String resource) {
        return ok(aws, "iot", "test-authorization", "--principal", principal, "--client-id", clientId,
                "--auth-infos", "actionType=" + action + ",resources=" + resource)
                .path("authResults").get(0).path("authDecision").asText();
    }

    private JsonNode ok(AwsCli aws, String... args) {
        return aws.run(server, args).json();
    }

    private String fails(AwsCli aws, String... args) {
        AwsCli.Result result = aws.run(server, args);
        assertThat(result.ok()).as("aws %s should fail; printed %s", String.join(" ", args), result.stdout()).isFalse();
        return result.errorCode();
    }
}
