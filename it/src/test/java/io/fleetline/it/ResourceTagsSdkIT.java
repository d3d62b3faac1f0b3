package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.security.ca.CertificateAuthority;
import io.fleetline.security.ca.Pem;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CACertificateStatus;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.LimitExceededException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.Tag;

/** Tags on policies, CA certificates, jobs and job templates through the AWS SDK for Java v2, on each database. */
abstract class ResourceTagsSdkIT {
    private static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Publish", "Resource": "*"}]}""";
    private static final String DOCUMENT = "{\"operation\":\"update\"}";

    @TempDir
    Path dir;
    TestServer server;
    IotClient iot;

    abstract Store store();

    @BeforeEach
    void start() {
        server = TestServer.start(store(), dir);
        iot = Sdk.iot(server);
    }

    @AfterEach
    void stop() {
        iot.close();
        server.close();
    }

    @Test
    void a_policy_is_tagged_from_creation_and_a_new_one_of_its_name_starts_without() {
        String arn = iot.createPolicy(r -> r.policyName("fleet").policyDocument(POLICY)
                .tags(tag("env", "prod"), tag("team", "a"))).policyArn();
        assertThat(tags(arn)).isEqualTo(Map.of("env", "prod", "team", "a"));

        iot.tagResource(r -> r.resourceArn(arn).tags(tag("team", "b"), tag("site", "lyon")));
        iot.untagResource(r -> r.resourceArn(arn).tagKeys("env"));
        assertThat(tags(arn)).isEqualTo(Map.of("site", "lyon", "team", "b"));

        iot.deletePolicy(r -> r.policyName("fleet"));
        assertThatThrownBy(() -> tags(arn)).isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Policy fleet cannot be found.");
        iot.createPolicy(r -> r.policyName("fleet").policyDocument(POLICY));
        assertThat(tags(arn)).isEmpty();
    }

    @Test
    void fifty_tags_at_most() {
        List<Tag> fifty = numbered(50);
        String arn = iot.createPolicy(r -> r.policyName("full").policyDocument(POLICY).tags(fifty)).policyArn();

        assertThatThrownBy(() -> iot.tagResource(r -> r.resourceArn(arn).tags(tag("k50", "v"))))
                .isInstanceOf(LimitExceededException.class);
        assertThatThrownBy(() -> iot.createPolicy(r -> r.policyName("over").policyDocument(POLICY).tags(numbered(51))))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> iot.getPolicy(r -> r.policyName("over"))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot.tagResource(r -> r.resourceArn(arn).tags(tag("bad key!", "v"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("regular expression pattern");
        assertThat(tags(arn)).hasSize(50);
    }

    @Test
    void a_ca_certificate_is_tagged_from_registration_to_deletion() {
        String pem = Pem.write(CertificateAuthority.generate("Device maker CA", Instant.now()).certificate());
        var ca = iot.registerCACertificate(r -> r.caCertificate(pem).certificateMode(CertificateMode.SNI_ONLY)
                .tags(tag("vendor", "acme")));
        String arn = ca.certificateArn();

        iot.tagResource(r -> r.resourceArn(arn).tags(tag("line", "3")));
        assertThat(tags(arn)).isEqualTo(Map.of("line", "3", "vendor", "acme"));
        iot.untagResource(r -> r.resourceArn(arn).tagKeys("vendor"));
        assertThat(tags(arn)).isEqualTo(Map.of("line", "3"));

        iot.updateCACertificate(r -> r.certificateId(ca.certificateId()).newStatus(CACertificateStatus.INACTIVE));
        iot.deleteCACertificate(r -> r.certificateId(ca.certificateId()));
        assertThatThrownBy(() -> tags(arn)).isInstanceOf(ResourceNotFoundException.class);
        iot.registerCACertificate(r -> r.caCertificate(pem).certificateMode(CertificateMode.SNI_ONLY));
        assertThat(tags(arn)).isEmpty();
    }

    @Test
    void jobs_and_job_templates_are_tagged_until_deleted() {
        String thing = iot.createThing(r -> r.thingName("dev-1")).thingArn();
        String job = iot.createJob(r -> r.jobId("ota-1").targets(thing).document(DOCUMENT).tags(tag("wave", "1")))
                .jobArn();
        String template = iot.createJobTemplate(r -> r.jobTemplateId("ota").description("OTA").document(DOCUMENT)
                .tags(tag("kind", "ota"))).jobTemplateArn();

        iot.tagResource(r -> r.resourceArn(job).tags(tag("owner", "ops")));
        iot.untagResource(r -> r.resourceArn(job).tagKeys("wave"));
        iot.tagResource(r -> r.resourceArn(template).tags(tag("owner", "ops")));
        assertThat(tags(job)).isEqualTo(Map.of("owner", "ops"));
        assertThat(tags(template)).isEqualTo(Map.of("kind", "ota", "owner", "ops"));

        iot.deleteJob(r -> r.jobId("ota-1").force(true));
        iot.deleteJobTemplate(r -> r.jobTemplateId("ota"));
        assertThatThrownBy(() -> tags(job)).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot.tagResource(r -> r.resourceArn(template).tags(tag("k", "v"))))
                .isInstanceOf(ResourceNotFoundException.class);
        iot.createJob(r -> r.jobId("ota-1").targets(thing).document(DOCUMENT));
        iot.createJobTemplate(r -> r.jobTemplateId("ota").description("OTA").document(DOCUMENT));
        assertThat(tags(job)).isEmpty();
        assertThat(tags(template)).isEmpty();
    }

    @Test
    void unknown_resources_are_not_found_and_device_certificates_are_not_taggable() {
        String account = "arn:aws:iot:" + server.region() + ":" + server.accountId() + ":";
        for (String missing : List.of("policy/none", "cacert/" + "0".repeat(64), "job/none", "jobtemplate/none")) {
            assertThatThrownBy(() -> iot.tagResource(r -> r.resourceArn(account + missing).tags(tag("k", "v"))))
                    .as(missing).isInstanceOf(ResourceNotFoundException.class);
        }
        String certificate = iot.createKeysAndCertificate(r -> r.setAsActive(true)).certificateArn();
        assertThatThrownBy(() -> iot.tagResource(r -> r.resourceArn(certificate).tags(tag("k", "v"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("policy, job, jobtemplate");
    }

    private Map<String, String> tags(String arn) {
        return iot.listTagsForResource(r -> r.resourceArn(arn)).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static List<Tag> numbered(int count) {
        return IntStream.range(0, count).mapToObj(i -> tag("k" + i, "v")).toList();
    }
}
