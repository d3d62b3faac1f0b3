package io.fleetline.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A thing as the index holds it: its registry fields, its shadows' state flattened into paths, the shadow document
 * to show in search results, and its connectivity. Shadow paths are query field names
 * ({@code shadow.reported.firmware.version}, {@code shadow.name.config.desired.mode}, {@code shadow.hasDelta}); an
 * array gives a path several values. Values are text: one that reads as a number is also indexed as a number, as
 * AWS does.
 */
public final class ThingDocument {
    private final Parts parts;

    private record Parts(String thingName, String thingId, String thingTypeName, SortedSet<String> thingGroupNames,
            SortedMap<String, String> attributes, SortedMap<String, List<String>> shadowFields, String shadowJson,
            Optional<Connectivity> connectivity) {
    }

    private ThingDocument(Parts parts) {
        this.parts = parts;
    }

    /** Starts a document for a thing; its name is the key the index updates and deletes by. */
    public static Builder builder(String thingName, String thingId) {
        return new Builder(thingName, thingId);
    }

    public String thingName() {
        return parts.thingName;
    }

    public String thingId() {
        return parts.thingId;
    }

    public Optional<String> thingTypeName() {
        return Optional.of(parts.thingTypeName).filter(type -> !type.isEmpty());
    }

    /** The thing groups and billing group the thing belongs to, sorted. */
    public SortedSet<String> thingGroupNames() {
        return parts.thingGroupNames;
    }

    public SortedMap<String, String> attributes() {
        return parts.attributes;
    }

    /** Every indexed shadow path and its values. */
    public SortedMap<String, List<String>> shadowFields() {
        return parts.shadowFields;
    }

    /** The shadow document SearchIndex answers with (the unnamed and named shadows), when the thing has one. */
    public Optional<String> shadowJson() {
        return Optional.of(parts.shadowJson).filter(json -> !json.isEmpty());
    }

    public Optional<Connectivity> connectivity() {
        return parts.connectivity;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ThingDocument document && parts.equals(document.parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    @Override
    public String toString() {
        return "ThingDocument" + parts;
    }

    /** Builds a document; fields left out are absent from the index. */
    public static final class Builder {
        private final String thingName;
        private final String thingId;
        private String thingTypeName = "";
        private final SortedSet<String> groups = new TreeSet<>();
        private final SortedMap<String, String> attributes = new TreeMap<>();
        private final SortedMap<String, List<String>> shadowFields = new TreeMap<>();
        private String shadowJson = "";
        private Connectivity connectivity;

        private Builder(String thingName, String thingId) {
            if (thingName.isEmpty()) {
                throw new IllegalArgumentException("a thing name must not be empty");
            }
            this.thingName = thingName;
            this.thingId = Objects.requireNonNull(thingId);
        }

        public Builder thingTypeName(String type) {
            this.thingTypeName = Objects.requireNonNull(type);
            return this;
        }

        public Builder thingGroupNames(Collection<String> names) {
            groups.addAll(names);
            return this;
        }

        public Builder attribute(String name, String value) {
            attributes.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        public Builder attributes(Map<String, String> all) {
            all.forEach(this::attribute);
            return this;
        }

        /** A value of the classic shadow's reported state at a dotted path ({@code firmware.version}). */
        public Builder reported(String path, String... values) {
            return shadowField("shadow.reported." + path, values);
        }

        /** A value of the classic shadow's desired state at a dotted path. */
        public Builder desired(String path, String... values) {
            return shadowField("shadow.desired." + path, values);
        }

        /**
         * A value of the classic shadow's section at a dotted path: {@code section} is one of {@code reported},
         * {@code desired}, {@code delta} and {@code metadata}, the sections AWS indexes
         * ({@code metadata}'s paths end in {@code .timestamp}).
         */
        public Builder classic(String section, String path, String... values) {
            return shadowField("shadow." + checked(section) + "." + path, values);
        }

        /** A value of a named shadow's section at a dotted path (sections as for {@link #classic}). */
        public Builder named(String shadowName, String section, String path, String... values) {
            return shadowField("shadow.name." + shadowName + "." + checked(section) + "." + path, values);
        }

        /** Whether the classic shadow has a delta ({@code shadow.hasDelta}). */
        public Builder hasDelta(boolean delta) {
            return shadowField("shadow.hasDelta", String.valueOf(delta));
        }

        /** Whether a named shadow has a delta ({@code shadow.name.<name>.hasDelta}). */
        public Builder hasDelta(String shadowName, boolean delta) {
            return shadowField("shadow.name." + shadowName + ".hasDelta", String.valueOf(delta));
        }

        private static String checked(String section) {
            return switch (section) {
                case "reported", "desired", "delta", "metadata" -> section;
                default -> throw new IllegalArgumentException(
                        "a shadow section is reported, desired, delta or metadata, not " + section);
            };
        }

        private Builder shadowField(String field, String... values) {
            shadowFields.computeIfAbsent(field, f -> new ArrayList<>()).addAll(List.of(values));
            return this;
        }

        /** Restores a shadow field by its full name, as the index stored it. */
        Builder shadowFieldValues(String field, List<String> values) {
            shadowFields.computeIfAbsent(field, f -> new ArrayList<>()).addAll(values);
            return this;
        }

        public Builder shadowJson(String json) {
            this.shadowJson = Objects.requireNonNull(json);
            return this;
        }

        public Builder connectivity(Connectivity state) {
            this.connectivity = Objects.requireNonNull(state);
            return this;
        }

        public ThingDocument build() {
            SortedMap<String, List<String>> shadow = new TreeMap<>();
            shadowFields.forEach((field, values) -> shadow.put(field, List.copyOf(values)));
            return new ThingDocument(new Parts(thingName, thingId, thingTypeName,
                    Collections.unmodifiableSortedSet(new TreeSet<>(groups)),
                    Collections.unmodifiableSortedMap(new TreeMap<>(attributes)),
                    Collections.unmodifiableSortedMap(shadow), shadowJson,
                    Optional.ofNullable(connectivity)));
        }
    }
}
