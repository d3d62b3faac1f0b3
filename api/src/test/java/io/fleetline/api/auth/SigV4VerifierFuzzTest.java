package io.fleetline.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.api.binding.WireText;
import io.fleetline.core.auth.AccessKey;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing (Jazzer) of SigV4 verification against hostile requests: any method, path, query
 * ({@code X-Amz-*} presigning parameters included), headers ({@code Authorization}, {@code X-Amz-Date},
 * {@code x-amz-content-sha256} included) and body, starting from genuinely signed requests of each form.
 *
 * <p>Every request is either refused with an authentication error (or {@code InvalidRequestException} for a query
 * that cannot be decoded), or accepted as the key that signed it; and an accepted request says exactly what one of
 * the signed requests said ({@link SignedMeaning}): no change the fuzzer makes to a signed request changes what the
 * server would act on while keeping the signature valid. The permissive (test double) verifier refuses or accepts
 * the same inputs without any other exception. Every build replays the inputs under
 * {@code src/test/resources/io/fleetline/api/auth/SigV4VerifierFuzzTestInputs}.
 */
class SigV4VerifierFuzzTest {
    private static final Clock CLOCK = Clock.fixed(SigV4VerifierTest.SIGNED_AT, ZoneOffset.UTC);
    private static final SigV4Verifier VERIFIER = new SigV4Verifier(new InMemoryKeys(
            new AccessKey(SigV4VerifierTest.KEY_ID, SigV4VerifierTest.SECRET, Instant.EPOCH),
            new AccessKey("AKIDOTHER", "other-secret", Instant.EPOCH)), CLOCK, "eu-west-1");
    private static final SigV4Verifier PERMISSIVE = SigV4Verifier.permissive(CLOCK);
    private static final Set<ErrorCode> REFUSALS = Set.of(ErrorCode.MISSING_AUTHENTICATION_TOKEN,
            ErrorCode.INCOMPLETE_SIGNATURE, ErrorCode.INVALID_SIGNATURE, ErrorCode.UNRECOGNIZED_CLIENT,
            ErrorCode.INVALID_REQUEST);
    private static final List<byte[]> SIGNED = signedRequests().stream().map(WireText::format).toList();
    private static final Set<Optional<SignedMeaning>> SIGNED_MEANINGS = SIGNED.stream()
            .map(wire -> SignedMeaning.of(WireText.parse(wire))).collect(Collectors.toSet());

    static Stream<Arguments> signedRequestsOfEachForm() {
        return SIGNED.stream().map(wire -> Arguments.of((Object) wire));
    }

    @MethodSource("signedRequestsOfEachForm")
    @FuzzTest(maxDuration = "10s")
    void a_request_is_refused_with_an_auth_error_or_accepted_only_as_it_was_signed(byte[] input) {
        RawRequest request = WireText.parse(input);

        Optional<Caller> caller = verified(VERIFIER, request);
        verified(PERMISSIVE, request);

        caller.ifPresent(accepted -> assertThat(SIGNED_MEANINGS)
                .as("accepted for %s:%n%s", accepted, new String(input, StandardCharsets.ISO_8859_1))
                .contains(SignedMeaning.of(request)));
    }

    private static Optional<Caller> verified(SigV4Verifier verifier, RawRequest request) {
        try {
            return Optional.of(verifier.verify(request));
        } catch (FleetlineException refused) {
            assertThat(refused.code()).as(refused.getMessage()).isIn(REFUSALS);
            assertThat(refused.getMessage()).isNotBlank();
            return Optional.empty();
        }
    }

    /** One request of each form clients send, each signed at the verifier's time for its region. */
    private static List<RawRequest> signedRequests() {
        return List.of(
                SdkRequest.given("POST", "/things/dev-1").json("{\"attributePayload\":{}}")
                        .signedFor("iot", "eu-west-1").onTheWire(),
                SdkRequest.given("GET", "/things").query("maxResults", "10").query("thingTypeName", "sensor a+b")
                        .signedFor("execute-api", "eu-west-1").onTheWire(),
                SdkRequest.given("GET", "/things/dev-1").signedFor("iot", "eu-west-1")
                        .presigned(Duration.ofMinutes(15)).onTheWire(),
                SdkRequest.given("POST", "/topics/fleet%2Fdev-1").query("qos", "1").overHttps()
                        .json("{\"temperature\":21}").signedFor("iotdata", "eu-west-1").withPayloadSigningOff()
                        .onTheWire(),
                SdkRequest.given("PUT", "/things/dev-1/jobs/job-1").header("x-custom", "a  b ")
                        .json("{\"status\":\"SUCCEEDED\",\"expectedVersion\":1}").signedFor("iot-jobs-data", "eu-west-1")
                        .onTheWire(),
                signedByFleetline());
    }

    private static RawRequest signedByFleetline() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("127.0.0.1:8080"));
        headers.put("X-Amz-Date", List.of("20250314T092653Z"));
        RawRequest unsigned = new RawRequest("POST", "/_fleetline/reset", "", headers, new byte[0]);
        headers.put("Authorization", List.of(SigV4.authorization(unsigned, SigV4VerifierTest.KEY_ID,
                SigV4VerifierTest.SECRET, "eu-west-1", "fleetline")));
        return new RawRequest("POST", "/_fleetline/reset", "", headers, new byte[0]);
    }
}
