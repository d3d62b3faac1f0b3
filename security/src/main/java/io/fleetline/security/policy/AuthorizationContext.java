package io.fleetline.security.policy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What policy variables and condition keys resolve to for one request: the client, its connection, the thing
 * it connected as and the certificate it presented (developer guide L4534-L4745). A value that was never set
 * does not resolve, and a statement that needs it does not match.
 *
 * <p>The caller decides what is known. The guide's rules for the broker: the thing variables are set only for
 * MQTT and MQTT-over-WebSocket connections, where the thing name is the client id, and only when that thing is
 * attached to the connecting principal (L4720-L4745). This class applies the guide's limits on certificate
 * values itself (L4704-L4716): at most five values per field are kept, and a value longer than 1024 characters
 * or containing a wildcard ({@code *} or {@code ?}) leaves its variable unresolved.
 *
 * <p>Instances are immutable and thread-safe; build one per connection and reuse it for every request on it.
 */
public final class AuthorizationContext {
    static final int MAX_CERTIFICATE_VALUE_LENGTH = 1024;

    private static final AuthorizationContext EMPTY = builder().build();

    private final Map<ContextKey, String> simple;
    private final Map<String, String> thingAttributes;
    private final Map<CertificateName, Map<CertificateField, List<String>>> certificate;

    private AuthorizationContext(Builder builder) {
        this.simple = copy(builder.simple);
        this.thingAttributes = Map.copyOf(builder.thingAttributes);
        Map<CertificateName, Map<CertificateField, List<String>>> names = new EnumMap<>(CertificateName.class);
        builder.certificate.forEach((name, fields) -> names.put(name, copy(fields)));
        this.certificate = names;
    }

    /** A context in which no variable resolves. */
    public static AuthorizationContext empty() {
        return EMPTY;
    }

    /** Starts an empty context. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The values a policy variable or condition key resolves to: none when it does not resolve, one for
     * single-valued names, every value for {@code .List} names and {@code iot:Certificate.AvailableKeys}.
     */
    public List<String> values(String variableName) {
        return resolve(VariableRef.parse(Objects.requireNonNull(variableName, "variableName")));
    }

    List<String> resolve(VariableRef ref) {
        return switch (ref) {
            case VariableRef.Simple s -> listOf(simple.get(s.key()));
            case VariableRef.ThingAttribute a -> listOf(thingAttributes.get(a.attribute()));
            case VariableRef.CertificateValue c -> certificateValues(c);
            case VariableRef.AvailableKeys k -> availableKeys();
            case VariableRef.Unknown u -> List.of();
        };
    }

    private List<String> certificateValues(VariableRef.CertificateValue ref) {
        List<String> all = certificate.get(ref.certificateName()).getOrDefault(ref.field(), List.of());
        if (!all.stream().allMatch(AuthorizationContext::substitutable)) {
            return List.of();
        }
        if (ref.index() == VariableRef.ALL_VALUES) {
            return all;
        }
        return ref.index() < all.size() ? List.of(all.get(ref.index())) : List.of();
    }

    /** The guide's rule for certificate values that must not reach a policy (L4708, L4716). */
    private static boolean substitutable(String value) {
        return value.length() <= MAX_CERTIFICATE_VALUE_LENGTH && value.indexOf('*') < 0 && value.indexOf('?') < 0;
    }

    private List<String> availableKeys() {
        List<String> keys = new ArrayList<>();
        certificate.forEach((name, fields) -> fields.keySet().forEach(field ->
                keys.add("iot:Certificate." + name.policyName() + "." + field.policyName())));
        if (simple.containsKey(ContextKey.CERTIFICATE_SERIAL_NUMBER)) {
            keys.add(ContextKey.CERTIFICATE_SERIAL_NUMBER.policyName());
        }
        return List.copyOf(keys);
    }

    private static List<String> listOf(String value) {
        return value == null ? List.of() : List.of(value);
    }

    private static <K extends Enum<K>, V> Map<K, V> copy(Map<K, V> map) {
        return map.isEmpty() ? Map.of() : new EnumMap<>(map);
    }

    /** Collects the known values; every setter replaces what was set before. */
    public static final class Builder {
        private final Map<ContextKey, String> simple = new EnumMap<>(ContextKey.class);
        private final Map<String, String> thingAttributes = new LinkedHashMap<>();
        private final Map<CertificateName, Map<CertificateField, List<String>>> certificate =
                new EnumMap<>(CertificateName.class);

        private Builder() {
            for (CertificateName name : CertificateName.values()) {
                certificate.put(name, new EnumMap<>(CertificateField.class));
            }
        }

        /** {@code iot:ClientId}: the MQTT client id the device connected with. */
        public Builder clientId(String clientId) {
            return put(ContextKey.CLIENT_ID, clientId);
        }

        /** {@code aws:SourceIp}: the client's IP address. */
        public Builder sourceIp(String sourceIp) {
            return put(ContextKey.SOURCE_IP, sourceIp);
        }

        /** {@code iot:Connection.Thing.ThingName}. */
        public Builder thingName(String thingName) {
            return put(ContextKey.THING_NAME, thingName);
        }

        /** {@code iot:Connection.Thing.ThingTypeName}; leave unset for a thing without a type. */
        public Builder thingTypeName(String thingTypeName) {
            return put(ContextKey.THING_TYPE_NAME, thingTypeName);
        }

        /** {@code iot:Connection.Thing.Attributes[name]}. */
        public Builder thingAttribute(String name, String value) {
            thingAttributes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Every {@code iot:Connection.Thing.Attributes[name]} at once, replacing those set before. */
        public Builder thingAttributes(Map<String, String> attributes) {
            thingAttributes.clear();
            attributes.forEach(this::thingAttribute);
            return this;
        }

        /** {@code iot:Connection.Thing.IsAttached}: whether the thing has the connecting principal attached. */
        public Builder thingAttached(boolean attached) {
            return put(ContextKey.THING_IS_ATTACHED, Boolean.toString(attached));
        }

        /** {@code iot:CertificateId}: the id of the certificate the device authenticated with. */
        public Builder certificateId(String certificateId) {
            return put(ContextKey.CERTIFICATE_ID, certificateId);
        }

        /** {@code iot:Certificate.SerialNumber}. */
        public Builder certificateSerialNumber(String serialNumber) {
            return put(ContextKey.CERTIFICATE_SERIAL_NUMBER, serialNumber);
        }

        /** {@code iot:Certificate.Subject.<field>}, in certificate order; values past the fifth are ignored. */
        public Builder subject(CertificateField field, String... values) {
            return certificate(CertificateName.SUBJECT, field, List.of(values));
        }

        /** {@code iot:Certificate.Issuer.<field>}, in certificate order; values past the fifth are ignored. */
        public Builder issuer(CertificateField field, String... values) {
            return certificate(CertificateName.ISSUER, field, List.of(values));
        }

        /** One field of either name; no values removes the field. */
        public Builder certificate(CertificateName name, CertificateField field, List<String> values) {
            Map<CertificateField, List<String>> fields = certificate.get(Objects.requireNonNull(name, "name"));
            Objects.requireNonNull(field, "field");
            if (values.isEmpty()) {
                fields.remove(field);
            } else {
                fields.put(field, List.copyOf(values.subList(0,
                        Math.min(values.size(), VariableRef.MAX_CERTIFICATE_VALUES))));
            }
            return this;
        }

        public AuthorizationContext build() {
            return new AuthorizationContext(this);
        }

        private Builder put(ContextKey key, String value) {
            simple.put(key, Objects.requireNonNull(value, key.policyName()));
            return this;
        }
    }
}
