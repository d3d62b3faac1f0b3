package io.fleetline.it;

import java.util.Map;
import java.util.TreeMap;

/**
 * A scrape in Prometheus's text format (0.0.4), read strictly: every sample line is {@code name{labels} value}, label
 * values quoted with {@code \\}, {@code \"} and {@code \n} escapes. Samples are kept by name and labels sorted by name,
 * so a test names a series as {@code fleetline_jobs_ended_total{status="COMPLETED"}} whatever order the registry wrote.
 */
record PrometheusText(Map<String, Double> samples) {

    static PrometheusText parse(String text) {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Sample sample = sample(line);
            if (samples.put(sample.series(), sample.value()) != null) {
                throw new AssertionError("the series " + sample.series() + " appears twice");
            }
        }
        return new PrometheusText(samples);
    }

    private record Sample(String series, double value) {
    }

    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_'
                || line.charAt(i) == ':')) {
            i++;
        }
        String name = line.substring(0, i);
        if (name.isEmpty()) {
            throw new AssertionError("no metric name: " + line);
        }
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf("=\"", i);
                String label = line.substring(i, eq);
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char escaped = line.charAt(++j);
                        value.append(escaped == 'n' ? '\n' : escaped);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        String[] rest = line.substring(i).trim().split(" ");
        return new Sample(series(name, labels), Double.parseDouble(rest[0]));
    }

    /** {@code name{a="1",b="2"}}, labels sorted by name; {@code labels} alternate name and value. */
    static String series(String name, String... labels) {
        Map<String, String> sorted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            sorted.put(labels[i], labels[i + 1]);
        }
        return series(name, sorted);
    }

    private static String series(String name, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder out = new StringBuilder(name).append('{');
        labels.forEach((label, value) -> out.append(label).append("=\"").append(value).append("\","));
        out.setLength(out.length() - 1);
        return out.append('}').toString();
    }

    /** The sample's value; 0 when the series is not there (a counter not yet created). */
    double value(String name, String... labels) {
        return samples.getOrDefault(series(name, labels), 0.0);
    }

    boolean has(String name, String... labels) {
        return samples.containsKey(series(name, labels));
    }

    /** How much the series grew since {@code before}. */
    double since(PrometheusText before, String name, String... labels) {
        return value(name, labels) - before.value(name, labels);
    }

    /** Whether any series has the name, whatever its labels. */
    boolean hasAny(String name) {
        return samples.keySet().stream().anyMatch(s -> s.equals(name) || s.startsWith(name + "{"));
    }
}
