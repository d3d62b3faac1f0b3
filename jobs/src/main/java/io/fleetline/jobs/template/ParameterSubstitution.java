package io.fleetline.jobs.template;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.fleetline.core.error.FleetlineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Fills a managed template's {@code ${aws:iot:parameter:<key>}} placeholders from CreateJob's
 * {@code documentParameters}, once, at creation: the job keeps the document it made.
 */
final class ParameterSubstitution {
    static final String PREFIX = "${aws:iot:parameter:";
    /** The model's ParameterValue: 1 to 30,720 characters. */
    static final int MAX_VALUE_LENGTH = 30_720;

    private ParameterSubstitution() {
    }

    static String substitute(ManagedTemplate template, Map<String, String> values) {
        check(template, values);
        String document = template.document();
        StringBuilder out = new StringBuilder(document.length());
        int from = 0;
        for (int at = document.indexOf(PREFIX); at >= 0; at = document.indexOf(PREFIX, from)) {
            int end = document.indexOf('}', at);
            out.append(document, from, at);
            // the placeholders stand inside JSON strings: a value with a quote or backslash keeps the document JSON
            out.append(JsonStringEncoder.getInstance().quoteAsString(
                    values.getOrDefault(document.substring(at + PREFIX.length(), end), "")));
            from = end + 1;
        }
        return out.append(document, from, document.length()).toString();
    }

    /** The keys of the placeholders in {@code document}, in order, each once. */
    static Set<String> keysIn(String document) {
        Set<String> keys = new java.util.LinkedHashSet<>();
        for (int at = document.indexOf(PREFIX); at >= 0; at = document.indexOf(PREFIX, at + 1)) {
            int end = document.indexOf('}', at);
            if (end < 0) {
                throw new IllegalArgumentException("a placeholder without its closing brace at " + at);
            }
            keys.add(document.substring(at + PREFIX.length(), end));
        }
        return keys;
    }

    private static void check(ManagedTemplate template, Map<String, String> values) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        template.parameters().forEach(p -> unknown.remove(p.key()));
        if (!unknown.isEmpty()) {
            // named, but not without bound: a request may carry any number of keys
            String named = unknown.stream().limit(5).collect(Collectors.joining(", "))
                    + (unknown.size() > 5 ? " and " + (unknown.size() - 5) + " more" : "");
            throw FleetlineException.invalid("The managed job template " + template.label() + " has no parameter "
                    + named + "; its documentParameters are " + keys(template.parameters()));
        }
        List<DocumentParameter> missing = new ArrayList<>();
        for (DocumentParameter parameter : template.parameters()) {
            String value = values.get(parameter.key());
            if (value == null) {
                if (!parameter.optional()) {
                    missing.add(parameter);
                }
            } else {
                checkValue(template, parameter, value);
            }
        }
        if (!missing.isEmpty()) {
            throw FleetlineException.invalid("The managed job template " + template.label()
                    + " needs documentParameters " + keys(missing) + " (" + missing.stream()
                    .map(p -> p.key() + ": " + p.description()).collect(Collectors.joining(" ")) + ")");
        }
    }

    private static void checkValue(ManagedTemplate template, DocumentParameter parameter, String value) {
        int length = value.codePointCount(0, value.length());
        if (length < 1 || length > MAX_VALUE_LENGTH) {
            throw FleetlineException.invalid("documentParameters." + parameter.key() + " must be 1 to "
                    + MAX_VALUE_LENGTH + " characters long; it is " + length);
        }
        if (!parameter.accepts(value)) {
            throw FleetlineException.invalid("documentParameters." + parameter.key() + " does not match "
                    + parameter.regex().pattern() + ", the pattern of " + template.label() + " for it (e.g. "
                    + parameter.example() + ")");
        }
    }

    private static String keys(List<DocumentParameter> parameters) {
        return parameters.stream().map(DocumentParameter::key).collect(Collectors.joining(", "));
    }
}
