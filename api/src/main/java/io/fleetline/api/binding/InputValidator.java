package io.fleetline.api.binding;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.model.Shape;
import io.fleetline.core.error.FleetlineException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Checks an input against its shape as AWS does: required members, types, lengths, ranges, patterns and
 * enums, all the way down. Numbers must also fit their type (integer, long, float, double, timestamp) exactly. Every violation is collected and reported in one {@code InvalidRequestException},
 * worded as AWS words it ({@code 1 validation error detected: Value 'x' at 'thingName' failed to satisfy
 * constraint: ...}).
 */
public final class InputValidator {

    public void validate(ServiceModel model, Shape shape, JsonNode input) {
        List<String> errors = new ArrayList<>();
        checkStructure(model, shape, input, "", errors);
        if (!errors.isEmpty()) {
            String count = errors.size() == 1 ? "1 validation error detected: " : errors.size() + " validation errors detected: ";
            throw FleetlineException.invalid(count + String.join("; ", errors));
        }
    }

    private void checkStructure(ServiceModel model, Shape shape, JsonNode value, String path, List<String> errors) {
        for (String required : shape.required()) {
            JsonNode member = value.get(required);
            if (member == null || member.isNull()) {
                errors.add("Value null at '" + join(path, required) + "' failed to satisfy constraint: Member must not be null");
            }
        }
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            Shape.Member member = shape.members().get(field.getKey());
            if (member == null || field.getValue().isNull()) {
                continue;  // unknown members are ignored, as AWS ignores them
            }
            if (shape.payloadMember().map(p -> p.equals(member.name())).orElse(false)
                    && !model.shape(member.shapeName()).type().equals("structure")) {
                continue;  // a raw payload is not JSON
            }
            check(model, model.shape(member.shapeName()), field.getValue(), join(path, field.getKey()), errors);
        }
    }

    private void check(ServiceModel model, Shape shape, JsonNode value, String path, List<String> errors) {
        switch (shape.type()) {
            case "structure" -> {
                if (!value.isObject()) {
                    errors.add(typeError(value, path, "a structure"));
                } else {
                    checkStructure(model, shape, value, path, errors);
                }
            }
            case "list" -> {
                if (!value.isArray()) {
                    errors.add(typeError(value, path, "a list"));
                    return;
                }
                checkRange(shape, value.size(), value, path, "Member must have length", errors);
                Shape element = model.shape(shape.memberShapeName());
                for (int i = 0; i < value.size(); i++) {
                    check(model, element, value.get(i), path + "." + (i + 1) + ".member", errors);
                }
            }
            case "map" -> {
                if (!value.isObject()) {
                    errors.add(typeError(value, path, "a map"));
                    return;
                }
                checkRange(shape, value.size(), value, path, "Member must have length", errors);
                Shape key = model.shape(shape.keyShapeName());
                Shape entry = model.shape(shape.valueShapeName());
                for (Map.Entry<String, JsonNode> e : value.properties()) {
                    check(model, key, com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()), path + ".key", errors);
                    check(model, entry, e.getValue(), path + "." + e.getKey(), errors);
                }
            }
            case "string" -> checkString(shape, value, path, errors);
            case "integer", "long", "float", "double" -> checkNumber(shape, value, path, errors);
            case "boolean" -> {
                if (!value.isBoolean()) {
                    errors.add(typeError(value, path, "a boolean"));
                }
            }
            case "timestamp" -> checkTimestamp(value, path, errors);
            case "blob" -> checkBlob(shape, value, path, errors);
            default -> { }
        }
    }

    private void checkString(Shape shape, JsonNode value, String path, List<String> errors) {
        if (!value.isTextual()) {
            errors.add(typeError(value, path, "a string"));
            return;
        }
        String text = value.asText();
        if (text.indexOf('\u0000') >= 0) {
            // no AWS string may carry NUL, and PostgreSQL cannot store one
            errors.add("Value at '" + path + "' failed to satisfy constraint: Member must not contain NUL characters");
            return;
        }
        checkRange(shape, text.codePointCount(0, text.length()), value, path, "Member must have length", errors);
        shape.pattern().ifPresent(p -> {
            if (!p.matcher(text).matches()) {
                errors.add(prefix(value, path) + "Member must satisfy regular expression pattern: " + p.pattern());
            }
        });
        if (!shape.enumValues().isEmpty() && !shape.enumValues().contains(text)) {
            errors.add(prefix(value, path) + "Member must satisfy enum value set: " + shape.enumValues());
        }
    }

    /** A blob in a JSON body is base64 text; its length is that of the bytes it decodes to. */
    private void checkBlob(Shape shape, JsonNode value, String path, List<String> errors) {
        Optional<byte[]> bytes = value.isTextual() ? Blobs.decode(value.textValue()) : Optional.empty();
        if (bytes.isEmpty()) {
            errors.add(typeError(value, path, "base64-encoded binary data"));
            return;
        }
        checkRange(shape, bytes.get().length, value, path, "Member must have length", errors);
    }

    private void checkRange(Shape shape, double measure, JsonNode value, String path, String what, List<String> errors) {
        shape.min().ifPresent(min -> {
            if (measure < min) {
                errors.add(prefix(value, path) + what + " greater than or equal to " + format(min));
            }
        });
        shape.max().ifPresent(max -> {
            if (measure > max) {
                errors.add(prefix(value, path) + what + " less than or equal to " + format(max));
            }
        });
    }

    /**
     * A number must fit its type as well as the model's range, compared exactly: a value a Java {@code int} or
     * {@code long} would wrap, or a {@code double} would make infinite, is out of range like any other. The bound
     * told is the tighter of the two.
     */
    private void checkNumber(Shape shape, JsonNode value, String path, List<String> errors) {
        NumberType type = NumberType.of(shape.type());
        if (type.integral() ? !value.isIntegralNumber() : !value.isNumber()) {
            errors.add(typeError(value, path, type.integral() ? "an integer" : "a number"));
            return;
        }
        if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
            errors.add(typeError(value, path, "a finite number"));
            return;
        }
        BigDecimal number = value.decimalValue();
        Bound min = tighter(type.min(), shape.min(), 1);
        Bound max = tighter(type.max(), shape.max(), -1);
        if (number.compareTo(min.value()) < 0) {
            errors.add(prefix(value, path) + "Member must have value greater than or equal to " + min.shown());
        } else if (number.compareTo(max.value()) > 0) {
            errors.add(prefix(value, path) + "Member must have value less than or equal to " + max.shown());
        }
    }

    /** The model's bound when it is tighter than the type's ({@code sign} 1 for a minimum, -1 for a maximum). */
    private static Bound tighter(Bound type, OptionalDouble model, int sign) {
        if (model.isEmpty()) {
            return type;
        }
        BigDecimal modelValue = BigDecimal.valueOf(model.getAsDouble());
        return modelValue.compareTo(type.value()) * sign > 0 ? new Bound(modelValue, format(model.getAsDouble())) : type;
    }

    /** Epoch seconds (a fraction allowed) or an RFC 3339 date-time, within the range Smithy gives timestamps. */
    private void checkTimestamp(JsonNode value, String path, List<String> errors) {
        Optional<BigDecimal> seconds;
        if (value.isNumber()) {
            seconds = (value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())
                    ? Optional.empty() : Optional.of(value.decimalValue());
        } else if (value.isTextual()) {
            seconds = Timestamps.parse(value.asText());
        } else {
            seconds = Optional.empty();
        }
        if (seconds.isEmpty()) {
            errors.add(typeError(value, path, "a timestamp"));
        } else if (!Timestamps.inRange(seconds.get())) {
            errors.add(prefix(value, path) + Timestamps.RANGE);
        }
    }

    private static String prefix(JsonNode value, String path) {
        String shown = value.isValueNode() ? value.asText() : value.toString();
        if (shown.length() > 256) {
            shown = shown.substring(0, 256) + "...";
        }
        return "Value '" + shown + "' at '" + path + "' failed to satisfy constraint: ";
    }

    private static String typeError(JsonNode value, String path, String expected) {
        return prefix(value, path) + "Member must be " + expected;
    }

    private static String format(double number) {
        return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
    }

    private static String join(String path, String member) {
        return path.isEmpty() ? member : path + "." + member;
    }

    private record Bound(BigDecimal value, String shown) {
        static Bound of(long value) {
            return new Bound(BigDecimal.valueOf(value), Long.toString(value));
        }

        static Bound of(double value, String shown) {
            return new Bound(new BigDecimal(value), shown);
        }
    }

    /** The range of each numeric type of the model: Java's int, long, float and double, finite. */
    private enum NumberType {
        INTEGER(true, Bound.of(Integer.MIN_VALUE), Bound.of(Integer.MAX_VALUE)),
        LONG(true, Bound.of(Long.MIN_VALUE), Bound.of(Long.MAX_VALUE)),
        FLOAT(false, Bound.of(-Float.MAX_VALUE, Float.toString(-Float.MAX_VALUE)),
                Bound.of(Float.MAX_VALUE, Float.toString(Float.MAX_VALUE))),
        DOUBLE(false, Bound.of(-Double.MAX_VALUE, Double.toString(-Double.MAX_VALUE)),
                Bound.of(Double.MAX_VALUE, Double.toString(Double.MAX_VALUE)));

        private final boolean integral;
        private final Bound min;
        private final Bound max;

        NumberType(boolean integral, Bound min, Bound max) {
            this.integral = integral;
            this.min = min;
            this.max = max;
        }

        static NumberType of(String modelType) {
            return valueOf(modelType.toUpperCase(java.util.Locale.ROOT));
        }

        boolean integral() {
            return integral;
        }

        Bound min() {
            return min;
        }

        Bound max() {
            return max;
        }
    }
}
