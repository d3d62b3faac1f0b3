package io.fleetline.api.auth;

import io.fleetline.api.binding.RawRequest;
import io.fleetline.core.error.FleetlineException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a signature vouches for, read the way the server acts on a request rather than through the verifier's
 * canonical form: the method, the raw path (routing decodes it segment by segment), the decoded query parameters
 * in any order, the signed headers' values (HTTP allows folding repeated fields with commas and ignores runs of
 * spaces, as SigV4 does) and the body unless the client declared it unsigned. Two requests with different meanings
 * must never both carry one valid signature.
 *
 * @param query decoded {@code name=value} pairs, sorted; empty when the query cannot be decoded at all
 */
record SignedMeaning(String method, String rawPath, Optional<List<String>> query, Map<String, String> headers,
                     Optional<String> bodyHash) {
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    /** The meaning of a request carrying a signature; empty when it names no signed headers to read. */
    static Optional<SignedMeaning> of(RawRequest request) {
        Optional<SignedRequest> signed = signature(request);
        if (signed.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : signed.get().signedHeaders()) {
            List<String> values = request.headers().get(name);
            headers.put(name, values == null ? null : String.join(",", values.stream()
                    .map(v -> v.trim().replaceAll(" +", " ")).toList()));
        }
        return Optional.of(new SignedMeaning(request.method(), request.rawPath(), query(request), headers,
                bodySigned(request, signed.get()) ? Optional.of(SigV4.sha256Hex(request.body())) : Optional.empty()));
    }

    private static Optional<SignedRequest> signature(RawRequest request) {
        try {
            Optional<String> authorization = request.header("authorization");
            if (authorization.isPresent()) {
                return Optional.of(SignedRequest.fromHeader(authorization.get(), request.header("x-amz-date")));
            }
            return Optional.of(SignedRequest.fromQuery(request.queryParameters()));
        } catch (FleetlineException unreadable) {
            return Optional.empty();
        }
    }

    private static Optional<List<String>> query(RawRequest request) {
        try {
            List<String> pairs = new ArrayList<>();
            request.queryPairs().stream().filter(p -> !p.name().equals("X-Amz-Signature"))
                    .forEach(p -> pairs.add(p.name() + "=" + p.value()));
            pairs.sort(Comparator.naturalOrder());
            return Optional.of(pairs);
        } catch (FleetlineException undecodable) {
            return Optional.empty();
        }
    }

    private static boolean bodySigned(RawRequest request, SignedRequest signed) {
        Optional<String> declared = request.header("x-amz-content-sha256");
        if (declared.isPresent()) {
            return !declared.get().equals(UNSIGNED_PAYLOAD) && !declared.get().startsWith("STREAMING-");
        }
        return !(signed.presigned() && signed.service().equals("s3"));
    }
}
