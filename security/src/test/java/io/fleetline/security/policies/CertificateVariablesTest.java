package io.fleetline.security.policies;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.security.ca.CertificateAuthority;
import io.fleetline.security.policy.AuthorizationContext;
import io.fleetline.security.policy.NamedPolicy;
import io.fleetline.security.policy.PolicyEvaluator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The iot:Certificate.* variables come from the device's own certificate. */
class CertificateVariablesTest {
    private static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Publish", "Resource": [
              "arn:aws:iot:us-east-1:123456789012:topic/by-cn/${iot:Certificate.Subject.CommonName}",
              "arn:aws:iot:us-east-1:123456789012:topic/by-issuer/${iot:Certificate.Issuer.Organization}",
              "arn:aws:iot:us-east-1:123456789012:topic/by-dns/${iot:Certificate.Subject.AlternativeName.DNSName}"]}]}""";

    @Test
    void subject_issuer_and_alternative_names_resolve_policy_variables() {
        CertificateAuthority ca = CertificateAuthority.generate("Variables CA", Instant.now());
        X509Certificate server = ca.issueServer(CertificateAuthority.newKeyPair().getPublic(),
                List.of("device-7.example", "127.0.0.1"), Instant.now());
        AuthorizationContext.Builder builder = AuthorizationContext.builder();
        CertificateVariables.fill(builder, server);
        AuthorizationContext context = builder.build();
        List<NamedPolicy> policies = List.of(NamedPolicy.of("p", POLICY));

        assertThat(allowed(policies, context, "by-cn/device-7.example")).isTrue();
        assertThat(allowed(policies, context, "by-issuer/Fleetline")).isTrue();
        assertThat(allowed(policies, context, "by-dns/device-7.example")).isTrue();
        assertThat(allowed(policies, context, "by-cn/someone-else")).isFalse();
    }

    private static boolean allowed(List<NamedPolicy> policies, AuthorizationContext context, String topic) {
        return PolicyEvaluator.evaluate(policies, "iot:Publish", "arn:aws:iot:us-east-1:123456789012:topic/" + topic,
                context).isAllowed();
    }
}
