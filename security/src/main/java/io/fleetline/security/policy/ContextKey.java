package io.fleetline.security.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The single-valued policy variables, by the names policies use (developer guide L4540-L4745). */
enum ContextKey {
    CLIENT_ID("iot:ClientId"),
    SOURCE_IP("aws:SourceIp"),
    THING_NAME("iot:Connection.Thing.ThingName"),
    THING_TYPE_NAME("iot:Connection.Thing.ThingTypeName"),
    THING_IS_ATTACHED("iot:Connection.Thing.IsAttached"),
    CERTIFICATE_ID("iot:CertificateId"),
    CERTIFICATE_SERIAL_NUMBER("iot:Certificate.SerialNumber");

    private static final Map<String, ContextKey> BY_LOWER_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(k -> k.policyName.toLowerCase(Locale.ROOT), Function.identity()));

    private final String policyName;

    ContextKey(String policyName) {
        this.policyName = policyName;
    }

    String policyName() {
        return policyName;
    }

    static Optional<ContextKey> fromPolicyName(String name) {
        return Optional.ofNullable(BY_LOWER_NAME.get(name.toLowerCase(Locale.ROOT)));
    }
}
