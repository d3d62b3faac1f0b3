package io.fleetline.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.api.binding.WireText;
import io.fleetline.core.auth.AccessKey;
import io.fleetline.core.error.FleetlineException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Coverage-guided fuzzing (Jazzer) of SigV4 as clients use it: a request with arbitrary path labels, query
 * parameters, headers and body, signed by the AWS SDK for Java v2 (header or presigned form, payload signed or not)
 * or by Fleetline's own client signing ({@link SigV4#authorization}), verifies; and changing any one character of its
 * path, query, a signed header, its body or its method makes it fail, unless the change leaves what the server acts
 * on untouched ({@link SignedMeaning}, e.g. {@code %2b} for {@code %2B}). Every build replays the inputs under
 * {@code src/test/resources/io/fleetline/api/auth/SigV4SigningFuzzTestInputs}; {@code mvn verify} and
 * {@code bench/fuzz sigv4-signing} also fuzz it.
 */
class SigV4SigningFuzzTest {
    private static final String KEY_ID = SigV4VerifierTest.KEY_ID;
    private static final InMemoryKeys KEYS = new InMemoryKeys(new AccessKey(KEY_ID, SigV4VerifierTest.SECRET,
            Instant.EPOCH));
    /** A server verifies only its own region: one verifier per region the requests are signed for. */
    private static final Map<String, SigV4Verifier> VERIFIERS = Map.of(
            "us-east-1", new SigV4Verifier(KEYS, Clock.fixed(SigV4VerifierTest.SIGNED_AT, ZoneOffset.UTC), "us-east-1"),
            "eu-west-1", new SigV4Verifier(KEYS, Clock.fixed(SigV4VerifierTest.SIGNED_AT, ZoneOffset.UTC), "eu-west-1"));
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"};
    private static final String[] SERVICES = {"iot", "execute-api", "iotdata", "iot-jobs-data"};
    private static final String[] REGIONS = {"us-east-1", "eu-west-1"};

    @FuzzTest(maxDuration = "10s")
    void a_signed_request_verifies_and_any_change_to_what_it_says_breaks_the_signature(FuzzedDataProvider data) {
        String region = data.pickValue(REGIONS);
        SigV4Verifier verifier = VERIFIERS.get(region);
        RawRequest signed = signedRequest(data, region);

        Caller caller = verified(verifier, signed);

        assertThat(caller.accessKeyId()).contains(KEY_ID);
        RawRequest tampered = Tampering.oneCharacter(signed, data);
        if (!SignedMeaning.of(tampered).equals(SignedMeaning.of(signed))) {
            assertThatThrownBy(() -> verifier.verify(tampered))
                    .as("verified after a change:%n%s%nsigned as:%n%s", wire(tampered), wire(signed))
                    .isInstanceOf(FleetlineException.class);
        }
    }

    private static Caller verified(SigV4Verifier verifier, RawRequest signed) {
        try {
            return verifier.verify(signed);
        } catch (FleetlineException refused) {
            throw new AssertionError("refused (" + refused.getMessage() + "):\n" + wire(signed), refused);
        }
    }

    private static String wire(RawRequest request) {
        return new String(WireText.format(request), StandardCharsets.ISO_8859_1);
    }

    private static RawRequest signedRequest(FuzzedDataProvider data, String region) {
        String method = data.pickValue(METHODS);
        String service = data.pickValue(SERVICES);
        int form = data.consumeInt(0, 3);
        if (form == 3) {
            return signedByFleetline(data, method, service, region);
        }
        SdkRequest request = SdkRequest.given(method, path(data));
        int parameters = data.consumeInt(0, 3);
        for (int i = 0; i < parameters; i++) {
            // the SDK leaves a parameter without a name out of what it signs, Fleetline signs it (botocore too)
            String name = data.consumeString(8);
            request.query(name.isEmpty() ? "p" : name, data.consumeString(8));
        }
        int headers = data.consumeInt(0, 2);
        for (int i = 0; i < headers; i++) {
            request.header("x-fuzz-" + i, printable(data.consumeString(16)));
        }
        request.body(data.consumeBytes(64));
        SdkRequest.Signed signing = switch (form) {
            case 0 -> request.signedFor(service, region);
            case 1 -> request.overHttps().signedFor(service, region).withPayloadSigningOff();
            default -> request.signedFor(service, region).presigned(Duration.ofMinutes(data.consumeInt(1, 10_080)));
        };
        return signing.onTheWire();
    }

    /** As {@code fleetline reset} signs its requests: host and x-amz-date signed, body hashed. */
    private static RawRequest signedByFleetline(FuzzedDataProvider data, String method, String service,
                                                String region) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("127.0.0.1:8080"));
        headers.put("X-Amz-Date", List.of("20250314T092653Z"));
        String query = data.consumeString(24);
        byte[] body = data.consumeBytes(64);
        RawRequest unsigned = new RawRequest(method, path(data), query, headers, body);
        try {
            unsigned.queryPairs();
        } catch (FleetlineException undecodable) {
            unsigned = new RawRequest(method, unsigned.rawPath(), "", headers, body);
        }
        headers.put("Authorization", List.of(SigV4.authorization(unsigned, KEY_ID, SigV4VerifierTest.SECRET, region,
                service)));
        return new RawRequest(method, unsigned.rawPath(), unsigned.rawQuery(), headers, body);
    }

    /**
     * A path as the SDK's marshaller writes it: labels percent-encoded, none empty (it refuses an empty label).
     * Jetty refuses {@code .} and {@code ..} segments before any verifier runs, so they are left out too.
     */
    private static String path(FuzzedDataProvider data) {
        StringBuilder path = new StringBuilder();
        int segments = data.consumeInt(0, 3);
        for (int i = 0; i < segments; i++) {
            String segment = SdkHttpUtils.urlEncode(data.consumeString(12));
            path.append('/').append(segment.isEmpty() || segment.equals(".") || segment.equals("..") ? "x" : segment);
        }
        return path.isEmpty() ? "/" : path.toString();
    }

    /** What an HTTP header value can carry: visible ASCII and spaces. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : 'x'));
        return out.toString();
    }

    /** One character of one part of a request changed. */
    private static final class Tampering {
        private Tampering() {
        }

        static RawRequest oneCharacter(RawRequest request, FuzzedDataProvider data) {
            String method = request.method();
            String path = request.rawPath();
            String query = request.rawQuery();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            request.headers().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
            byte[] body = request.body().clone();
            char replacement = (char) data.consumeInt(0x20, 0x7e);
            switch (data.consumeInt(0, 4)) {
                case 0 -> path = changed(path, data.consumeInt(0, Integer.MAX_VALUE), replacement);
                case 1 -> query = changed(query, data.consumeInt(0, Integer.MAX_VALUE), replacement);
                case 2 -> signedHeader(request, data.consumeInt(0, Integer.MAX_VALUE)).ifPresent(name ->
                        headers.get(name).set(0, changed(headers.get(name).get(0),
                                data.consumeInt(0, Integer.MAX_VALUE), replacement)));
                case 3 -> {
                    if (body.length > 0) {
                        body[data.consumeInt(0, body.length - 1)] ^= (byte) data.consumeInt(1, 255);
                    }
                }
                default -> method = method.equals("GET") ? "POST" : "GET";
            }
            return new RawRequest(method, path, query, headers, body);
        }

        private static Optional<String> signedHeader(RawRequest request, int choice) {
            List<String> sent = SignedMeaning.of(request).map(meaning -> meaning.headers().keySet().stream()
                    .filter(name -> request.headers().containsKey(name) && !request.headers().get(name).isEmpty())
                    .toList()).orElse(List.of());
            return sent.isEmpty() ? Optional.empty() : Optional.of(sent.get(choice % sent.size()));
        }

        private static String changed(String text, int position, char replacement) {
            if (text.isEmpty()) {
                return text;
            }
            int at = position % text.length();
            return text.substring(0, at) + replacement + text.substring(at + 1);
        }
    }
}
