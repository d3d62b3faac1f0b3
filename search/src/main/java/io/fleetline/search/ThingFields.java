package io.fleetline.search;

import io.fleetline.search.query.QueryParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.util.BytesRef;

/**
 * How a thing is laid out in Lucene. Each query field {@code F} with value {@code v} becomes the term
 * {@code k:F = lower(v)} (search is case-insensitive), the same term in {@code _all} (terms given without a field),
 * the original value as doc values {@code v:F} (aggregations), and, when {@code v} reads as a number, a double point
 * with doc values {@code n:F} (numeric ranges). {@code _fields} lists the fields a thing has ({@code F:*}). The thing
 * name is the key ({@code name}, also sorted on); {@code s:*} fields store the document to give back.
 */
final class ThingFields {
    static final String NAME = "name";
    static final String ALL = "_all";
    static final String PRESENT = "_fields";
    /** Longer values are stored but not indexed: Lucene's terms end at 32 KiB, and no query needs one so long. */
    static final int MAX_INDEXED_BYTES = 8192;
    private static final String SEPARATOR = "\u0000";

    private ThingFields() {
    }

    static String keyword(String field) {
        return "k:" + field;
    }

    static String number(String field) {
        return "n:" + field;
    }

    static String values(String field) {
        return "v:" + field;
    }

    static String lower(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    /** The value as a number, when it reads as one that a double holds. */
    static Optional<Double> asNumber(String value) {
        if (!QueryParser.isNumber(value)) {
            return Optional.empty();
        }
        double number = Double.parseDouble(value);
        return Double.isFinite(number) ? Optional.of(number) : Optional.empty();
    }

    static Document toLucene(ThingDocument thing) {
        Document doc = new Document();
        Set<String> present = new HashSet<>();
        doc.add(new StringField(NAME, thing.thingName(), Field.Store.YES));
        doc.add(new SortedDocValuesField(NAME, new BytesRef(thing.thingName())));
        index(doc, present, "thingName", thing.thingName(), true);
        index(doc, present, "thingId", thing.thingId(), true);
        doc.add(new StoredField("s:id", thing.thingId()));
        thing.thingTypeName().ifPresent(type -> {
            index(doc, present, "thingTypeName", type, true);
            doc.add(new StoredField("s:type", type));
        });
        for (String group : thing.thingGroupNames()) {
            index(doc, present, "thingGroupNames", group, true);
            doc.add(new StoredField("s:group", group));
        }
        thing.attributes().forEach((name, value) -> {
            index(doc, present, "attributes." + name, value, true);
            doc.add(new StoredField("s:attr", name + SEPARATOR + value));
        });
        thing.shadowFields().forEach((field, values) -> {
            for (String value : values) {
                index(doc, present, field, value, true);
                doc.add(new StoredField("s:shadowField", field + SEPARATOR + value));
            }
        });
        thing.shadowJson().ifPresent(json -> doc.add(new StoredField("s:shadow", json)));
        thing.connectivity().ifPresent(state -> {
            index(doc, present, "connectivity.connected", String.valueOf(state.connected()), false);
            index(doc, present, "connectivity.timestamp", String.valueOf(state.timestamp()), false);
            if (!state.disconnectReason().isEmpty()) {
                index(doc, present, "connectivity.disconnectReason", state.disconnectReason(), false);
            }
            doc.add(new StoredField("s:connectivity", state.connected() + SEPARATOR + state.timestamp() + SEPARATOR
                    + state.disconnectReason()));
        });
        return doc;
    }

    private static void index(Document doc, Set<String> present, String field, String value, boolean inAll) {
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_INDEXED_BYTES) {
            return;
        }
        String lower = lower(value);
        doc.add(new StringField(keyword(field), lower, Field.Store.NO));
        doc.add(new SortedSetDocValuesField(values(field), new BytesRef(value)));
        if (inAll) {
            doc.add(new StringField(ALL, lower, Field.Store.NO));
        }
        if (present.add(field)) {
            doc.add(new StringField(PRESENT, field, Field.Store.NO));
        }
        asNumber(value).ifPresent(number -> doc.add(new DoubleField(number(field), number, Field.Store.NO)));
    }

    static ThingDocument fromLucene(Document doc) {
        ThingDocument.Builder thing = ThingDocument.builder(doc.get(NAME), doc.get("s:id"));
        Optional.ofNullable(doc.get("s:type")).ifPresent(thing::thingTypeName);
        thing.thingGroupNames(List.of(doc.getValues("s:group")));
        for (String pair : doc.getValues("s:attr")) {
            String[] parts = pair.split(SEPARATOR, 2);
            thing.attribute(parts[0], parts[1]);
        }
        Map<String, List<String>> shadow = new TreeMap<>();
        for (IndexableField field : doc.getFields("s:shadowField")) {
            String[] parts = field.stringValue().split(SEPARATOR, 2);
            shadow.computeIfAbsent(parts[0], f -> new ArrayList<>()).add(parts[1]);
        }
        shadow.forEach((field, fieldValues) -> thing.shadowFieldValues(field, fieldValues));
        Optional.ofNullable(doc.get("s:shadow")).ifPresent(thing::shadowJson);
        Optional.ofNullable(doc.get("s:connectivity")).ifPresent(stored -> {
            String[] parts = stored.split(SEPARATOR, 3);
            thing.connectivity(new Connectivity(Boolean.parseBoolean(parts[0]), Long.parseLong(parts[1]), parts[2]));
        });
        return thing.build();
    }
}
