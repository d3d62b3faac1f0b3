package io.fleetline.api.model;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model request URI such as {@code /things/{thingName}/jobs/$next}, matched against the raw (still
 * percent-encoded) request path segment by segment, so that {@code %2F} inside a label stays part of it.
 */
public final class UriTemplate {
    private final String text;
    private final List<Segment> segments;

    private UriTemplate(String text, List<Segment> segments) {
        this.text = text;
        this.segments = segments;
    }

    public static UriTemplate parse(String requestUri) {
        String path = requestUri.contains("?") ? requestUri.substring(0, requestUri.indexOf('?')) : requestUri;
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
        return new UriTemplate(requestUri, List.copyOf(segments));
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
