package io.fleetline.search.indexing;

import io.fleetline.core.error.FleetlineException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An account's fleet-indexing configuration, as UpdateIndexingConfiguration sets it. The thing group part is kept
 * and answered, but thing groups are not indexed (SearchIndex answers things only).
 *
 * @param namedShadowNames the named shadows indexed when {@code namedShadows} is on
 * @param customFields the fields declared with a type; kept and answered (every field is indexed anyway)
 */
public record IndexingConfiguration(ThingIndexingMode thingIndexingMode, ConnectivityMode connectivity,
        boolean namedShadows, List<String> namedShadowNames, List<CustomField> customFields,
        boolean thingGroupIndexing, List<CustomField> thingGroupCustomFields) {
    /** AWS's default limit of named shadows an index holds. */
    public static final int MAX_NAMED_SHADOWS = 10;
    private static final Pattern SHADOW_NAME = Pattern.compile("[$a-zA-Z0-9:_-]{1,64}");

    /** Indexing off, as every account starts. */
    public static final IndexingConfiguration OFF = new IndexingConfiguration(ThingIndexingMode.OFF,
            ConnectivityMode.OFF, false, List.of(), List.of(), false, List.of());

    /** {@code thingIndexingMode}: what of a thing is indexed. */
    public enum ThingIndexingMode { OFF, REGISTRY, REGISTRY_AND_SHADOW }

    /** {@code thingConnectivityIndexingMode}. */
    public enum ConnectivityMode { OFF, STATUS }

    /** A custom field's declared type, as AWS names it. */
    public enum FieldType {
        NUMBER("Number"), STRING("String"), BOOLEAN("Boolean");

        private final String awsName;

        FieldType(String awsName) {
            this.awsName = awsName;
        }

        public String awsName() {
            return awsName;
        }

        public static FieldType of(String awsName) {
            for (FieldType type : values()) {
                if (type.awsName.equals(awsName)) {
                    return type;
                }
            }
            throw FleetlineException.invalid("A field type is Number, String or Boolean, not " + awsName);
        }
    }

    /** A custom field: its name and declared type. */
    public record CustomField(String name, FieldType type) {
        public CustomField {
            if (name.isEmpty() || name.length() > 1024) {
                throw FleetlineException.invalid("A custom field name has 1 to 1024 characters");
            }
        }
    }

    /** Checks the combinations AWS refuses. */
    public IndexingConfiguration {
        namedShadowNames = List.copyOf(namedShadowNames);
        customFields = List.copyOf(customFields);
        thingGroupCustomFields = List.copyOf(thingGroupCustomFields);
        if (thingIndexingMode == ThingIndexingMode.OFF && (connectivity != ConnectivityMode.OFF || namedShadows)) {
            throw FleetlineException.invalid("Thing connectivity and named shadow indexing need thingIndexingMode "
                    + "REGISTRY or REGISTRY_AND_SHADOW");
        }
        if (namedShadowNames.size() > MAX_NAMED_SHADOWS) {
            throw FleetlineException.invalid("At most " + MAX_NAMED_SHADOWS + " named shadows can be indexed");
        }
        for (String name : namedShadowNames) {
            if (!SHADOW_NAME.matcher(name).matches()) {
                throw FleetlineException.invalid("Invalid shadow name in the namedShadowNames filter: " + name);
            }
        }
    }

    public boolean thingIndexing() {
        return thingIndexingMode != ThingIndexingMode.OFF;
    }

    /** Whether the classic shadow is indexed. */
    public boolean classicShadow() {
        return thingIndexingMode == ThingIndexingMode.REGISTRY_AND_SHADOW;
    }

    /** The named shadows indexed: none unless named shadow indexing is on. */
    public List<String> indexedNamedShadows() {
        return namedShadows ? namedShadowNames : List.of();
    }

    public boolean connectivityIndexing() {
        return connectivity == ConnectivityMode.STATUS;
    }

    /** DescribeIndex's {@code schema}, named as AWS names it. */
    public String schema() {
        if (namedShadows) {
            return "MULTI_INDEXING_MODE";
        }
        String base = classicShadow() ? "REGISTRY_AND_SHADOW" : "REGISTRY";
        return connectivityIndexing() ? base + "_AND_CONNECTIVITY_STATUS" : base;
    }

    /** What decides the index's content: an index built under another content is rebuilt. */
    String content() {
        return thingIndexingMode + "/" + connectivity + "/" + String.join(",", indexedNamedShadows());
    }
}
