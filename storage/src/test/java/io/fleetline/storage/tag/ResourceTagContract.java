package io.fleetline.storage.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.bus.MessageBus;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.PageRequest;
import io.fleetline.jobs.Jobs;
import io.fleetline.jobs.job.JobConfigPatch;
import io.fleetline.jobs.job.NewJob;
import io.fleetline.registry.Registry;
import io.fleetline.security.Security;
import io.fleetline.security.ca.CertificateAuthority;
import io.fleetline.security.ca.Pem;
import io.fleetline.storage.Database;
import io.fleetline.storage.jobs.JdbcJobStore;
import io.fleetline.storage.registry.JdbcRegistryStore;
import io.fleetline.storage.security.JdbcSecurityStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tags on the resources the registry does not own (policies, CA certificates, jobs, job templates), through the
 * registry's TagService with the security and jobs services wired on the same database.
 */
abstract class ResourceTagContract {
    static final AccountScope SCOPE = new AccountScope("us-east-1", "123456789012");
    static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Publish", "Resource": "*"}]}""";
    static final String DOCUMENT = "{\"operation\":\"update\"}";

    String url;
    Database database;
    Registry registry;
    Security security;
    Jobs jobs;

    abstract String newDatabaseUrl();

    abstract void dropDatabase(String url);

    @BeforeEach
    void open() {
        url = newDatabaseUrl();
        database = Database.open(url);
        Clock clock = Clock.systemUTC();
        registry = Registry.create(new JdbcRegistryStore(database), SCOPE, clock, Duration.ofMinutes(5));
        security = Security.create(new JdbcSecurityStore(database), registry,
                CertificateAuthority.generate("Fleetline test CA", Instant.now()), clock);
        jobs = Jobs.create(new JdbcJobStore(database), registry, MessageBus.NONE, SCOPE, clock);
    }

    @AfterEach
    void close() {
        database.close();
        dropDatabase(url);
    }

    @Test
    void a_policy_keeps_the_tags_it_was_created_with_and_takes_more() {
        security.policies().create("p", POLICY, Map.of("env", "prod", "team", "a"));
        String arn = security.policies().arnOf("p");

        registry.tags().tag(arn, Map.of("team", "b", "site", "lyon"));
        registry.tags().untag(arn, List.of("env"));

        assertThat(registry.tags().list(arn)).isEqualTo(Map.of("site", "lyon", "team", "b"));
    }

    @Test
    void a_deleted_policy_takes_its_tags_and_one_made_again_under_its_name_starts_without() {
        security.policies().create("p", POLICY, Map.of("env", "prod"));
        String arn = security.policies().arnOf("p");
        registry.tags().tag(arn, Map.of("team", "a"));

        security.policies().delete("p");
        assertThat(storedTags(arn)).as("what DeletePolicy left").isEmpty();

        assertFails(() -> registry.tags().list(arn), ErrorCode.RESOURCE_NOT_FOUND)
                .hasMessage("Policy p cannot be found.");
        security.policies().create("p", POLICY, Map.of());
        assertThat(registry.tags().list(arn)).isEmpty();
    }

    @Test
    void creating_a_resource_clears_tags_left_under_its_arn() {
        // what a TagResource racing a delete can leave: tags under the ARN of a resource that is gone
        String policy = security.policies().arnOf("p");
        String job = SCOPE.arn(ResourceType.JOB, "j");
        new JdbcRegistryStore(database).transact(tx -> {
            tx.putTags(policy, Map.of("stale", "yes"));
            tx.putTags(job, Map.of("stale", "yes"));
            return null;
        });

        security.policies().create("p", POLICY, Map.of("fresh", "yes"));
        createJob("j", Map.of());

        assertThat(registry.tags().list(policy)).isEqualTo(Map.of("fresh", "yes"));
        assertThat(registry.tags().list(job)).isEmpty();
    }

    @Test
    void a_ca_certificate_is_tagged_from_registration_to_deletion() {
        String pem = Pem.write(CertificateAuthority.generate("maker", Instant.now()).certificate());
        String id = security.caCertificates().register(pem, Optional.empty(), false, false, "SNI_ONLY",
                Map.of("vendor", "acme")).id();
        String arn = security.caCertificates().arnOf(id);

        registry.tags().tag(arn, Map.of("line", "3"));
        assertThat(registry.tags().list(arn)).isEqualTo(Map.of("line", "3", "vendor", "acme"));
        registry.tags().untag(arn, List.of("vendor"));
        assertThat(registry.tags().list(arn)).isEqualTo(Map.of("line", "3"));

        security.caCertificates().delete(id);
        assertThat(storedTags(arn)).as("what DeleteCACertificate left").isEmpty();
        assertFails(() -> registry.tags().tag(arn, Map.of("k", "v")), ErrorCode.RESOURCE_NOT_FOUND)
                .hasMessage("CA certificate " + id + " cannot be found.");
        security.caCertificates().register(pem, Optional.empty(), false, false, "SNI_ONLY", Map.of());
        assertThat(registry.tags().list(arn)).isEmpty();
    }

    @Test
    void a_job_is_tagged_until_it_is_deleted_and_its_id_used_again() {
        createJob("j", Map.of("wave", "1"));
        String arn = SCOPE.arn(ResourceType.JOB, "j");

        registry.tags().tag(arn, Map.of("owner", "ops"));
        registry.tags().untag(arn, List.of("wave"));
        assertThat(registry.tags().list(arn)).isEqualTo(Map.of("owner", "ops"));

        jobs.jobs().delete("j", true);
        assertThat(storedTags(arn)).as("what DeleteJob left").isEmpty();
        assertFails(() -> registry.tags().list(arn), ErrorCode.RESOURCE_NOT_FOUND).hasMessage("Job j does not exist");
        createJob("j", Map.of());
        assertThat(registry.tags().list(arn)).isEmpty();
    }

    @Test
    void a_job_template_is_tagged_until_it_is_deleted_and_its_id_used_again() {
        createTemplate("t", Map.of("kind", "ota"));
        String arn = jobs.templates().arnOf("t");

        registry.tags().tag(arn, Map.of("owner", "ops"));
        assertThat(registry.tags().list(arn)).isEqualTo(Map.of("kind", "ota", "owner", "ops"));

        jobs.templates().delete("t");
        assertThat(storedTags(arn)).as("what DeleteJobTemplate left").isEmpty();
        assertFails(() -> registry.tags().untag(arn, List.of("kind")), ErrorCode.RESOURCE_NOT_FOUND)
                .hasMessage("Job template t does not exist");
        createTemplate("t", Map.of());
        assertThat(registry.tags().list(arn)).isEmpty();
    }

    @Test
    void device_certificates_cannot_be_tagged_as_on_aws() {
        String id = security.certificates().createKeysAndCertificate(true).certificate().id();

        assertFails(() -> registry.tags().tag(SCOPE.arn(ResourceType.CERTIFICATE, id), Map.of("k", "v")),
                ErrorCode.INVALID_REQUEST)
                .hasMessageContaining("Tags on cert resources are not supported")
                .hasMessageContaining("thing, thingtype, thinggroup, billinggroup, cacert, policy, job, jobtemplate");
    }

    @Test
    void the_limits_of_tagresource_hold_at_creation_too() {
        Map<String, String> fiftyOne = numbered(51);

        assertFails(() -> security.policies().create("p", POLICY, fiftyOne), ErrorCode.INVALID_REQUEST);
        assertFails(() -> security.policies().create("p", POLICY, Map.of("aws:owner", "me")), ErrorCode.INVALID_REQUEST);
        assertFails(() -> createTemplate("t", fiftyOne), ErrorCode.INVALID_REQUEST);
        assertFails(() -> createJob("j", fiftyOne), ErrorCode.INVALID_REQUEST);
        String pem = Pem.write(CertificateAuthority.generate("maker", Instant.now()).certificate());
        assertFails(() -> security.caCertificates().register(pem, Optional.empty(), false, false, "SNI_ONLY", fiftyOne),
                ErrorCode.INVALID_REQUEST);
        assertThat(security.caCertificates().list(PageRequest.of(10, null, 250), true).items())
                .as("nothing was registered").isEmpty();

        security.policies().create("p", POLICY, numbered(50));
        assertFails(() -> registry.tags().tag(security.policies().arnOf("p"), Map.of("one-more", "v")),
                ErrorCode.LIMIT_EXCEEDED);
        assertThat(registry.tags().list(security.policies().arnOf("p"))).hasSize(50);
    }

    /** The tags stored under the ARN, whether or not a resource has it. */
    private Map<String, String> storedTags(String arn) {
        return new JdbcRegistryStore(database).read(tx -> tx.tags(arn));
    }

    private void createJob(String jobId, Map<String, String> tags) {
        registry.things().create("dev", Optional.empty(), Map.of());  // the same again is no change
        jobs.jobs().create(new NewJob(jobId, List.of(SCOPE.arn(ResourceType.THING, "dev")), Optional.of(DOCUMENT),
                Optional.empty(), Optional.empty(), Optional.empty(), JobConfigPatch.none(), tags,
                Optional.empty(), Optional.empty(), Map.of()));
    }

    private void createTemplate(String templateId, Map<String, String> tags) {
        jobs.templates().create(templateId, "a template", Optional.of(DOCUMENT), Optional.empty(), Optional.empty(),
                JobConfigPatch.none(), tags);
    }

    private static Map<String, String> numbered(int count) {
        Map<String, String> tags = new HashMap<>();
        for (int i = 0; i < count; i++) {
            tags.put("k" + i, "v");
        }
        return tags;
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertFails(ThrowingCallable call, ErrorCode code) {
        return assertThatThrownBy(call).isInstanceOf(FleetlineException.class)
                .satisfies(e -> assertThat(((FleetlineException) e).code()).isEqualTo(code));
    }
}
