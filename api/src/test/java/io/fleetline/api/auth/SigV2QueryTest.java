package io.fleetline.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.api.binding.RawRequest;
import io.fleetline.core.auth.AccessKey;
import io.fleetline.core.time.ManualClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * S3's legacy query-string signature against URLs the AWS CLI v1 (1.45.11, botocore 1.43.11) made with
 * {@code aws s3 presign --endpoint-url http://127.0.0.1:9000 s3://b/...} and the key {@code AKIDEXAMPLE} /
 * {@code wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY} (docs/s3-wire.md).
 */
class SigV2QueryTest {
    private static final String KEY_ID = "AKIDEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    /** {@code s3://b/k}, without and with {@code --region}: the CLI v1 signs SigV2 either way. */
    private static final String PLAIN = "AWSAccessKeyId=AKIDEXAMPLE&Signature=snElD59tl8YpPPiT1x6CuIS0KAY%3D"
            + "&Expires=1796535685";
    /** {@code s3://b/a b/../c+d}: the path as sent, escapes and dot segment kept, is what is signed. */
    private static final String ODD_KEY = "AWSAccessKeyId=AKIDEXAMPLE&Signature=v8WGgbA1nscqcZrkbyS1wTYNVlU%3D"
            + "&Expires=1796535683";
    private static final Instant MADE = Instant.ofEpochSecond(1796535685 - 3600);

    private final ManualClock clock = new ManualClock(MADE);
    private final SigV4Verifier verifier = new SigV4Verifier(new InMemoryKeys(new AccessKey(KEY_ID, SECRET,
            Instant.EPOCH)), clock, "us-east-1");
    private final S3Authenticator authenticator = new S3Authenticator(verifier);

    private static RawRequest get(String method, String path, String query) {
        return new RawRequest(method, path, query, Map.of("host", List.of("127.0.0.1:9000")), new byte[0]);
    }

    @Test
    void the_string_to_sign_is_s3s_and_the_signature_its_hmac_sha1() {
        RawRequest request = get("GET", "/b/k", PLAIN);

        String stringToSign = SigV2Query.stringToSign(request, request.queryParameters(), "1796535685");

        assertThat(stringToSign).isEqualTo("GET\n\n\n1796535685\n/b/k");
        assertThat(SigV2Query.signature(SECRET, stringToSign)).isEqualTo("snElD59tl8YpPPiT1x6CuIS0KAY=");
    }

    @Test
    void sub_resources_are_signed_sorted_with_their_values_and_other_parameters_are_not() {
        RawRequest request = get("GET", "/b/k", "versionId=v%201&AWSAccessKeyId=A&Expires=1&Signature=x"
                + "&response-content-type=text/plain&x-id=GetObject");

        assertThat(SigV2Query.stringToSign(request, request.queryParameters(), "1"))
                .isEqualTo("GET\n\n\n1\n/b/k?response-content-type=text/plain&versionId=v 1");
    }

    @Test
    void the_cli_v1s_urls_are_admitted_as_the_keys_caller() {
        Caller caller = authenticator.admit(get("GET", "/b/k", PLAIN)).caller();
        authenticator.admit(get("GET", "/b/a%20b/../c%2Bd", ODD_KEY));

        assertThat(caller.accessKeyId()).hasValue(KEY_ID);
        assertThat(caller.service()).hasValue("s3");
        assertThat(caller.region()).hasValue("us-east-1");
    }

    @Test
    void a_head_request_is_signed_as_head_so_a_get_url_does_not_serve_it() {
        assertThatThrownBy(() -> authenticator.admit(get("HEAD", "/b/k", PLAIN)))
                .isInstanceOfSatisfying(SignatureException.class,
                        e -> assertThat(e.reason()).isEqualTo(SignatureException.Reason.MISMATCH));
    }

    @Test
    void another_path_or_expiry_is_a_mismatch() {
        for (RawRequest tampered : List.of(get("GET", "/b/K", PLAIN),
                get("GET", "/b/k", PLAIN.replace("Expires=1796535685", "Expires=1796535686")))) {
            assertThatThrownBy(() -> authenticator.admit(tampered))
                    .isInstanceOfSatisfying(SignatureException.class, e -> {
                        assertThat(e.reason()).isEqualTo(SignatureException.Reason.MISMATCH);
                        assertThat(e.details()).containsKeys("StringToSign", "SignatureProvided", "AWSAccessKeyId");
                    });
        }
    }

    @Test
    void past_its_expires_the_url_is_expired_with_s3s_times() {
        clock.set(Instant.ofEpochSecond(1796535686));

        assertThatThrownBy(() -> authenticator.admit(get("GET", "/b/k", PLAIN)))
                .isInstanceOfSatisfying(SignatureException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SignatureException.Reason.EXPIRED);
                    assertThat(e.details()).containsEntry("Expires", "2026-12-06T05:41:25Z")
                            .containsEntry("ServerTime", "2026-12-06T05:41:26Z");
                });
    }

    @Test
    void an_expiry_more_than_seven_days_ahead_is_refused() {
        clock.set(Instant.ofEpochSecond(1796535685).minusSeconds(604_801));

        assertThatThrownBy(() -> authenticator.admit(get("GET", "/b/k", PLAIN)))
                .isInstanceOfSatisfying(SignatureException.class,
                        e -> assertThat(e.reason()).isEqualTo(SignatureException.Reason.MALFORMED));
    }

    @Test
    void only_downloads_may_be_signed_this_way() {
        assertThatThrownBy(() -> authenticator.admit(get("PUT", "/b/k", PLAIN)))
                .isInstanceOfSatisfying(SignatureException.class,
                        e -> assertThat(e.reason()).isEqualTo(SignatureException.Reason.MALFORMED));
    }

    @Test
    void an_unknown_key_is_refused_as_unknown() {
        assertThatThrownBy(() -> authenticator.admit(get("GET", "/b/k", PLAIN.replace("AKIDEXAMPLE", "AKIDOTHER"))))
                .isInstanceOfSatisfying(SignatureException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SignatureException.Reason.UNKNOWN_KEY);
                    assertThat(e.details()).containsEntry("AWSAccessKeyId", "AKIDOTHER");
                });
    }

    @Test
    void the_sigv4_verifier_alone_does_not_take_the_legacy_form() {
        assertThatThrownBy(() -> verifier.admit(get("GET", "/b/k", PLAIN)))
                .isInstanceOfSatisfying(SignatureException.class,
                        e -> assertThat(e.reason()).isEqualTo(SignatureException.Reason.MISSING));
    }

    @Test
    void the_permissive_verifier_checks_the_shape_only() {
        S3Authenticator permissive = new S3Authenticator(SigV4Verifier.permissive(clock));
        clock.set(Instant.ofEpochSecond(1796535685).plusSeconds(86_400));

        assertThat(permissive.admit(get("GET", "/b/K", PLAIN)).caller().accessKeyId()).hasValue(KEY_ID);
        assertThatThrownBy(() -> permissive.admit(get("GET", "/b/k", PLAIN.replace("Expires=1796535685",
                "Expires=soon")))).isInstanceOf(SignatureException.class);
    }
}
