package io.fleetline.security.policy;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A policy variable or condition key, parsed once with the document so evaluation only looks values up. Names
 * are matched ignoring case, as IAM does for context keys; thing attribute names keep their case, because the
 * registry's do. Names this package does not know parse to {@link Unknown}: they never resolve, which makes the
 * statement using them fail to match rather than the document fail to parse, as AWS treats them.
 */
sealed interface VariableRef {
    /** Certificate arrays hold at most five values; AWS ignores the rest (developer guide L4712). */
    int MAX_CERTIFICATE_VALUES = 5;
    /** {@link CertificateValue#index()} that selects every value ({@code .List}). */
    int ALL_VALUES = -1;

    /** The name as the policy wrote it; this is what {@code missingContextValues} reports. */
    String name();

    /** One of the fixed single-valued variables such as {@code iot:ClientId}. */
    record Simple(String name, ContextKey key) implements VariableRef {
    }

    /** {@code iot:Connection.Thing.Attributes[attribute]}. */
    record ThingAttribute(String name, String attribute) implements VariableRef {
    }

    /** {@code iot:Certificate.Subject.Field}, with an optional {@code #n}/{@code .n} index or {@code .List}. */
    record CertificateValue(String name, CertificateName certificateName, CertificateField field, int index)
            implements VariableRef {
    }

    /** {@code iot:Certificate.AvailableKeys}: the names of the certificate variables that hold values. */
    record AvailableKeys(String name) implements VariableRef {
    }

    /** A name this package cannot resolve. */
    record Unknown(String name) implements VariableRef {
    }

    static VariableRef parse(String name) {
        Optional<ContextKey> simple = ContextKey.fromPolicyName(name);
        if (simple.isPresent()) {
            return new Simple(name, simple.get());
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("iot:certificate.availablekeys")) {
            return new AvailableKeys(name);
        }
        if (lower.startsWith(Names.THING_ATTRIBUTES) && name.endsWith("]")
                && name.length() > Names.THING_ATTRIBUTES.length() + 1) {
            return new ThingAttribute(name, name.substring(Names.THING_ATTRIBUTES.length(), name.length() - 1));
        }
        for (CertificateName certificateName : CertificateName.values()) {
            String prefix = Names.certificatePrefix(certificateName);
            if (lower.startsWith(prefix)) {
                return Names.certificateValue(name, certificateName, name.substring(prefix.length()));
            }
        }
        return new Unknown(name);
    }

    /** Parsing helpers; an interface cannot have private static fields. */
    final class Names {
        static final String THING_ATTRIBUTES = "iot:connection.thing.attributes[";
        private static final String LIST_SUFFIX = ".list";
        private static final Pattern INDEXED = Pattern.compile("(.+)[#.]([0-9]{1,9})");

        private Names() {
        }

        static String certificatePrefix(CertificateName certificateName) {
            return "iot:certificate." + certificateName.policyName().toLowerCase(Locale.ROOT) + ".";
        }

        static VariableRef certificateValue(String name, CertificateName certificateName, String rest) {
            String fieldName = rest;
            int index = 0;
            Matcher indexed = INDEXED.matcher(rest);
            if (rest.toLowerCase(Locale.ROOT).endsWith(LIST_SUFFIX)) {
                fieldName = rest.substring(0, rest.length() - LIST_SUFFIX.length());
                index = ALL_VALUES;
            } else if (indexed.matches()) {
                fieldName = indexed.group(1);
                index = Integer.parseInt(indexed.group(2));
            }
            int selected = index;
            return CertificateField.fromPolicyName(fieldName)
                    .<VariableRef>map(field -> new CertificateValue(name, certificateName, field, selected))
                    .orElseGet(() -> new Unknown(name));
        }
    }
}
