package io.fleetline.api.model;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model request URI such as {@code /things/{thingName}/jobs/$next}, matched against the raw (still
 * percent-encoded) request path segment by segment, so that {@code %2F} inside a label stays part of it. A URI may
 * end in query literals, as S3's do ({@code /{Bucket}?versioning}, {@code /{Bucket}?list-type=2}): the query
 * parameters a request must carry to be that operation.
 */
public final class UriTemplate {
    private final String text;
    private final List<Segment> segments;
    private final Map<String, String> queryLiterals;

    private UriTemplate(String text, List<Segment> segments, Map<String, String> queryLiterals) {
        this.text = text;
        this.segments = segments;
        this.queryLiterals = queryLiterals;
    }

    public static UriTemplate parse(String requestUri) {
        int question = requestUri.indexOf('?');
        String path = question >= 0 ? requestUri.substring(0, question) : requestUri;
        List<Segment> segments = new ArrayList<>();
        for (String part : splitPath(path)) {
            if (part.startsWith("{") && part.endsWith("+}")) {
                segments.add(new Segment(part.substring(1, part.length() - 2), true, true));
            } else if (part.startsWith("{") && part.endsWith("}")) {
                segments.add(new Segment(part.substring(1, part.length() - 1), true, false));
            } else {
                segments.add(new Segment(part, false, false));
            }
        }
        return new UriTemplate(requestUri, List.copyOf(segments),
                question >= 0 ? queryLiterals(requestUri.substring(question + 1)) : Map.of());
    }

    /** {@code versioning} is a name that must be there (with any value), {@code list-type=2} a name and its value. */
    private static Map<String, String> queryLiterals(String query) {
        Map<String, String> literals = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                literals.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return Collections.unmodifiableMap(literals);
    }

    /**
     * The query parameters the template requires, in the order written: a name maps to its value, or to the empty
     * string when only the name must be present.
     */
    public Map<String, String> queryLiterals() {
        return queryLiterals;
    }

    /** The names of the template's labels in path order, e.g. {@code [Bucket, Key]} for {@code /{Bucket}/{Key+}}. */
    public List<String> labels() {
        return segments.stream().filter(Segment::label).map(Segment::text).toList();
    }

    /** How many literal segments the template has: the more, the more specific a match. */
    public int literalCount() {
        return (int) segments.stream().filter(s -> !s.label()).count();
    }

    /** The decoded label values when the raw path matches, else empty. */
    public Optional<Map<String, String>> match(String rawPath) {
        List<String> parts = splitPath(rawPath);
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            if (segment.greedy()) {
                if (i >= parts.size()) {
                    return Optional.empty();
                }
                labels.put(segment.text(), decode(String.join("/", parts.subList(i, parts.size()))));
                return Optional.of(labels);
            }
            if (i >= parts.size()) {
                return Optional.empty();
            }
            String value = decode(parts.get(i));
            if (segment.label()) {
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                labels.put(segment.text(), value);
            } else if (!segment.text().equals(value)) {
                return Optional.empty();
            }
        }
        return parts.size() == segments.size() ? Optional.of(labels) : Optional.empty();
    }

    @Override
    public String toString() {
        return text;
    }

    private static List<String> splitPath(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/", -1)) {
            parts.add(part);
        }
        // a leading slash gives an empty first part; a trailing one is not a segment of its own
        parts.remove(0);
        if (!parts.isEmpty() && parts.get(parts.size() - 1).isEmpty()) {
            parts.remove(parts.size() - 1);
        }
        return parts;
    }

    /** Percent-decoding of a path segment; unlike form decoding a {@code +} stays a plus. */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private record Segment(String text, boolean label, boolean greedy) {
    }
}
