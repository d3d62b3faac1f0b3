package io.fleetline.api.binding;

import java.net.URLDecoder;
import java.security.cert.X509Certificate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import io.fleetline.core.error.FleetlineException;

/**
 * A request as it came off the wire: the raw path (percent-encoding intact), the raw query, the headers
 * (names lower-cased), the body bytes, and the TLS client certificate on the device port.
 */
public record RawRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                         byte[] body, Optional<X509Certificate> clientCertificate) {
    /** A request without a TLS client certificate. */
    public RawRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        this(method, rawPath, rawQuery, headers, body, Optional.empty());
    }

    public RawRequest {
        rawQuery = rawQuery == null ? "" : rawQuery;
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
        headers = lower;
    }

    /** The same request with its body, once read. */
    public RawRequest withBody(byte[] bytes) {
        return new RawRequest(method, rawPath, rawQuery, headers, bytes, clientCertificate);
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Query parameters decoded, in the order they came, each name with all its values. */
    public Map<String, List<String>> queryParameters() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        queryPairs().forEach(p -> params.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p.value()));
        return params;
    }

    /** Every {@code name=value} pair of the query, decoded, in the order they came. */
    public List<QueryParameter> queryPairs() {
        List<QueryParameter> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            pairs.add(new QueryParameter(decode(eq < 0 ? pair : pair.substring(0, eq)),
                    eq < 0 ? "" : decode(pair.substring(eq + 1))));
        }
        return pairs;
    }

    /** One decoded query parameter. */
    public record QueryParameter(String name, String value) {
    }

    /** True when the query names {@code name}, without decoding any value (a bad escape does not matter here). */
    public boolean hasQueryParameter(String name) {
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if ((eq < 0 ? pair : pair.substring(0, eq)).equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Form decoding, as AWS reads a query string: {@code %XY} escapes, and a literal {@code +} is a space (clients
     * send a plus as {@code %2B}). SigV4 canonicalisation re-encodes what this answers, so a {@code +} is signed as
     * {@code %20}, as AWS verifies it.
     */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw FleetlineException.invalid("The query string has an invalid percent-encoding: " + text);
        }
    }
}
