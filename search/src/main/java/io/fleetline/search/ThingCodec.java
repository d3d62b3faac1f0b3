package io.fleetline.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.util.BytesRef;

/**
 * A thing's document as the index gives it back: one binary doc value per thing ({@code _source}), the document's
 * parts written one after the other. Doc values are read in place, where stored fields decompress a block and build
 * a field object per value for every hit, which was two thirds of a search's time on a large fleet.
 */
final class ThingCodec {
    static final String FIELD = "_source";

    private ThingCodec() {
    }

    static BytesRef encode(ThingDocument thing) {
        ByteBuffersDataOutput out = new ByteBuffersDataOutput();
        try {
            out.writeString(thing.thingName());
            out.writeString(thing.thingId());
            out.writeString(thing.thingTypeName().orElse(""));
            out.writeVInt(thing.thingGroupNames().size());
            for (String group : thing.thingGroupNames()) {
                out.writeString(group);
            }
            out.writeVInt(thing.attributes().size());
            for (Map.Entry<String, String> attribute : thing.attributes().entrySet()) {
                out.writeString(attribute.getKey());
                out.writeString(attribute.getValue());
            }
            out.writeVInt(thing.shadowFields().size());
            for (Map.Entry<String, List<String>> field : thing.shadowFields().entrySet()) {
                out.writeString(field.getKey());
                out.writeVInt(field.getValue().size());
                for (String value : field.getValue()) {
                    out.writeString(value);
                }
            }
            out.writeString(thing.shadowJson().orElse(""));
            out.writeByte((byte) (thing.connectivity().isPresent() ? 1 : 0));
            if (thing.connectivity().isPresent()) {
                Connectivity state = thing.connectivity().get();
                out.writeByte((byte) (state.connected() ? 1 : 0));
                out.writeZLong(state.timestamp());
                out.writeString(state.disconnectReason());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a thing", e);  // in memory: does not happen
        }
        return new BytesRef(out.toArrayCopy());
    }

    static ThingDocument decode(BytesRef bytes) throws IOException {
        DataInput in = new ByteArrayDataInput(bytes.bytes, bytes.offset, bytes.length);
        ThingDocument.Builder thing = ThingDocument.builder(in.readString(), in.readString());
        String type = in.readString();
        if (!type.isEmpty()) {
            thing.thingTypeName(type);
        }
        List<String> groups = new ArrayList<>();
        for (int g = in.readVInt(); g > 0; g--) {
            groups.add(in.readString());
        }
        thing.thingGroupNames(groups);
        for (int a = in.readVInt(); a > 0; a--) {
            thing.attribute(in.readString(), in.readString());
        }
        for (int f = in.readVInt(); f > 0; f--) {
            String field = in.readString();
            List<String> values = new ArrayList<>();
            for (int v = in.readVInt(); v > 0; v--) {
                values.add(in.readString());
            }
            thing.shadowFieldValues(field, values);
        }
        String shadow = in.readString();
        if (!shadow.isEmpty()) {
            thing.shadowJson(shadow);
        }
        if (in.readByte() == 1) {
            boolean connected = in.readByte() == 1;
            thing.connectivity(new Connectivity(connected, in.readZLong(), in.readString()));
        }
        return thing.build();
    }

    /**
     * The documents of {@code hits}, in their order. Hits sorted by name reach each segment's documents in increasing
     * order (the index is sorted by name), which is how doc values are read: forwards.
     */
    static List<ThingDocument> documents(IndexReader reader, ScoreDoc[] hits) throws IOException {
        List<LeafReaderContext> leaves = reader.leaves();
        BinaryDocValues[] sources = new BinaryDocValues[leaves.size()];
        List<ThingDocument> things = new ArrayList<>(hits.length);
        for (ScoreDoc hit : hits) {
            int leaf = ReaderUtil.subIndex(hit.doc, leaves);
            int doc = hit.doc - leaves.get(leaf).docBase;
            if (sources[leaf] == null || sources[leaf].docID() >= doc) {
                sources[leaf] = DocValues.getBinary(leaves.get(leaf).reader(), FIELD);
            }
            if (!sources[leaf].advanceExact(doc)) {
                throw new IOException("thing document " + hit.doc + " has no " + FIELD);
            }
            things.add(decode(sources[leaf].binaryValue()));
        }
        return things;
    }
}
