package io.fleetline.protocol.shadow;

import java.util.Optional;

/**
 * A request topic of the Device Shadow service: whose shadow and which operation.
 *
 * @param thingName  the thing level of the topic
 * @param shadowName the named shadow's level, empty for the classic shadow
 */
public record ShadowTopic(String thingName, Optional<String> shadowName, Operation operation) {
    /** Every thing's shadow topics, as a prefix in which {@code +} is one level. */
    public static final String PREFIX_FILTER = "$aws/things/+/shadow/";
    private static final String THINGS = "$aws/things/";

    /** The requests, by the last level of their topic. */
    public enum Operation {
        GET("get"), UPDATE("update"), DELETE("delete");

        private final String level;

        Operation(String level) {
            this.level = level;
        }

        static Optional<Operation> of(String level) {
            for (Operation op : values()) {
                if (op.level.equals(level)) {
                    return Optional.of(op);
                }
            }
            return Optional.empty();
        }
    }

    public ShadowTopic {
        if (thingName.isEmpty() || thingName.contains("/") || shadowName.filter(n -> n.isEmpty() || n.contains("/"))
                .isPresent()) {
            throw new IllegalArgumentException("not a shadow's topic levels: " + thingName + " " + shadowName);
        }
    }

    /**
     * The request a topic names; empty for the service's own answer topics ({@code .../accepted}) and anything else
     * under the prefix that is no request.
     */
    public static Optional<ShadowTopic> parse(String topic) {
        String[] levels = topic.split("/", -1);
        if (levels.length < 5 || !levels[0].equals("$aws") || !levels[1].equals("things") || levels[2].isEmpty()
                || !levels[3].equals("shadow")) {
            return Optional.empty();
        }
        if (levels.length == 5) {
            return Operation.of(levels[4]).map(op -> new ShadowTopic(levels[2], Optional.empty(), op));
        }
        if (levels.length == 7 && levels[4].equals("name") && !levels[5].isEmpty()) {
            return Operation.of(levels[6]).map(op -> new ShadowTopic(levels[2], Optional.of(levels[5]), op));
        }
        return Optional.empty();
    }

    /** {@code $aws/things/{thing}/shadow} or {@code $aws/things/{thing}/shadow/name/{shadow}}. */
    public static String prefix(String thingName, Optional<String> shadowName) {
        return THINGS + thingName + "/shadow" + shadowName.map(name -> "/name/" + name).orElse("");
    }

    /** The request's own topic. */
    public String request() {
        return prefix(thingName, shadowName) + "/" + operation.level;
    }

    public String accepted() {
        return request() + "/accepted";
    }

    public String rejected() {
        return request() + "/rejected";
    }

    /** {@code .../update/delta}. */
    public String delta() {
        return prefix(thingName, shadowName) + "/update/delta";
    }

    /** {@code .../update/documents}. */
    public String documents() {
        return prefix(thingName, shadowName) + "/update/documents";
    }
}
