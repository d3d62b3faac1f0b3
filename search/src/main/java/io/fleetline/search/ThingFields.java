package io.fleetline.search;

import io.fleetline.search.query.QueryParser;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.util.BytesRef;

/**
 * How a thing is laid out in Lucene. Each query field {@code F} with value {@code v} becomes the term
 * {@code k:F = lower(v)} (search is case-insensitive), the same term in {@code _all} (terms given without a field),
 * the original value as doc values {@code v:F} (aggregations), and, when {@code v} reads as a number, a double point
 * with doc values {@code n:F} (numeric ranges). {@code _fields} lists the fields a thing has ({@code F:*}). The thing
 * name is the key ({@code name}, also sorted on); the document to give back is a binary doc value ({@link ThingCodec}).
 */
final class ThingFields {
    static final String NAME = "name";
    static final String ALL = "_all";
    static final String PRESENT = "_fields";
    /** Longer values are stored but not indexed: Lucene's terms end at 32 KiB, and no query needs one so long. */
    static final int MAX_INDEXED_BYTES = 8192;

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
        doc.add(new StringField(NAME, thing.thingName(), Field.Store.NO));
        doc.add(new SortedDocValuesField(NAME, new BytesRef(thing.thingName())));
        doc.add(new BinaryDocValuesField(ThingCodec.FIELD, ThingCodec.encode(thing)));
        index(doc, present, "thingName", thing.thingName(), true);
        index(doc, present, "thingId", thing.thingId(), true);
        thing.thingTypeName().ifPresent(type -> index(doc, present, "thingTypeName", type, true));
        for (String group : thing.thingGroupNames()) {
            index(doc, present, "thingGroupNames", group, true);
        }
        thing.attributes().forEach((name, value) -> index(doc, present, "attributes." + name, value, true));
        thing.shadowFields().forEach((field, values) -> {
            for (String value : values) {
                index(doc, present, field, value, true);
            }
        });
        thing.connectivity().ifPresent(state -> {
            index(doc, present, "connectivity.connected", String.valueOf(state.connected()), false);
            index(doc, present, "connectivity.timestamp", String.valueOf(state.timestamp()), false);
            if (!state.disconnectReason().isEmpty()) {
                index(doc, present, "connectivity.disconnectReason", state.disconnectReason(), false);
            }
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
}
