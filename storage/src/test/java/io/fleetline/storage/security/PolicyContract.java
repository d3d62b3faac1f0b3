package io.fleetline.storage.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.page.PageRequest;
import io.fleetline.security.policies.AuthorizationService.AuthInfo;
import io.fleetline.security.policy.AuthDecision;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Policies, versions and attachments over a real database. */
abstract class PolicyContract extends SecurityContract {
    static final String ALLOW_ALL_PUBLISH = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Publish","Resource":"*"}]}""";
    static final String DENY_ADMIN = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iot:Publish",
             "Resource":"arn:aws:iot:us-east-1:123456789012:topic/admin/*"}]}""";
    static final PageRequest ALL = new PageRequest(100, Optional.empty());

    @Test
    void a_target_holds_at_most_ten_policies() {
        String cert = security.certificates().arnOf(security.certificates().createKeysAndCertificate(true).certificate().id());
        for (int i = 0; i < 11; i++) {
            security.policies().create("p" + i, ALLOW_ALL_PUBLISH, Map.of());
        }
        for (int i = 0; i < 10; i++) {
            security.attachments().attach("p" + i, cert);
        }
        security.attachments().attach("p0", cert);

        assertFails(() -> security.attachments().attach("p10", cert), ErrorCode.LIMIT_EXCEEDED);
        assertThat(security.attachments().attachedTo(cert, false, ALL).items()).hasSize(10);
        assertThat(security.attachments().targetsOf("p3", ALL).items()).containsExactly(cert);
    }

    @Test
    void thing_group_policies_apply_to_things_below_them_that_connect_with_an_attached_certificate() {
        String cert = security.certificates().arnOf(security.certificates().createKeysAndCertificate(true).certificate().id());
        registry.groups().create("fleet", Optional.empty(), Optional.empty(), Map.of(), Map.of());
        registry.groups().create("floor-1", Optional.of("fleet"), Optional.empty(), Map.of(), Map.of());
        registry.things().create("dev-1", Optional.empty(), Map.of());
        registry.membership().add("floor-1", "dev-1");
        security.principals().attach("dev-1", cert);
        security.policies().create("publish", ALLOW_ALL_PUBLISH, Map.of());
        security.policies().create("no-admin", DENY_ADMIN, Map.of());
        security.attachments().attach("publish", registry.groups().arnOf("fleet"));
        security.attachments().attach("no-admin", cert);

        assertThat(security.attachments().effective(Optional.of(cert), Optional.of("dev-1")))
                .containsExactlyInAnyOrder("publish", "no-admin");
        assertThat(security.attachments().attachedTo(registry.groups().arnOf("floor-1"), true, ALL).items())
                .containsExactly("publish");
        assertThat(decide(cert, "dev-1", "arn:aws:iot:us-east-1:123456789012:topic/telemetry"))
                .isEqualTo(AuthDecision.ALLOWED);
        assertThat(decide(cert, "dev-1", "arn:aws:iot:us-east-1:123456789012:topic/admin/reboot"))
                .isEqualTo(AuthDecision.EXPLICIT_DENY);
        // connecting under another client id, the thing's group policies do not apply
        assertThat(decide(cert, "other", "arn:aws:iot:us-east-1:123456789012:topic/telemetry"))
                .isEqualTo(AuthDecision.IMPLICIT_DENY);
    }

    @Test
    void a_new_default_version_changes_the_decision() {
        String cert = security.certificates().arnOf(security.certificates().createKeysAndCertificate(true).certificate().id());
        security.policies().create("p", ALLOW_ALL_PUBLISH, Map.of());
        security.attachments().attach("p", cert);
        String topic = "arn:aws:iot:us-east-1:123456789012:topic/admin/x";
        assertThat(decide(cert, "c", topic)).isEqualTo(AuthDecision.ALLOWED);

        security.policies().createVersion("p", DENY_ADMIN, true);

        assertThat(decide(cert, "c", topic)).isEqualTo(AuthDecision.EXPLICIT_DENY);
        security.policies().setDefault("p", "1");
        assertThat(decide(cert, "c", topic)).isEqualTo(AuthDecision.ALLOWED);
        assertFails(() -> security.policies().delete("p"), ErrorCode.DELETE_CONFLICT);
        assertFails(() -> security.policies().create("q", "{not json", Map.of()), ErrorCode.MALFORMED_POLICY);
        assertFails(() -> security.attachments().attach("p", "arn:aws:iot:us-east-1:123456789012:thing/x"),
                ErrorCode.INVALID_REQUEST);
    }

    private AuthDecision decide(String principal, String clientId, String resource) {
        return security.authorization().test(Optional.of(principal), List.of(new AuthInfo("PUBLISH", List.of(resource))),
                Optional.of(clientId), List.of(), List.of()).get(0).decision().authDecision();
    }
}
