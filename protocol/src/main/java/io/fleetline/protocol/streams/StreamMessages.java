package io.fleetline.protocol.streams;

import io.fleetline.protocol.Format;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Encodes the answers of the streams protocol. JSON is compact (no spaces) with the members in the order AWS documents
 * them; CBOR maps and arrays have definite lengths, keys are text strings, integers take their shortest form, and a
 * block's bytes are one byte string, which is what the embedded agents' decoders (tinycbor) read.
 */
public final class StreamMessages {
    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();

    private StreamMessages() {
    }

    /** {@code {"c", "s", "d", "r": [{"f", "z"}]}}. */
    public static byte[] description(StreamDescription description, Format format) {
        return write(format, 64 + 16 * description.files().size(), out -> {
            out.writeStartObject(description, count(description.clientToken()) + 2
                    + count(description.description()));
            token(out, description.clientToken());
            out.writeNumberField("s", description.version());
            if (description.description().isPresent()) {
                out.writeStringField("d", description.description().get());
            }
            out.writeFieldName("r");
            out.writeStartArray(description.files(), description.files().size());
            for (StreamDescription.FileSize file : description.files()) {
                out.writeStartObject(file, 2);
                out.writeNumberField("f", file.fileId());
                out.writeNumberField("z", file.size());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        });
    }

    /** {@code {"c", "f", "l", "i", "p"}}: one block. */
    public static byte[] data(DataBlock block, Format format) {
        int payload = format == Format.JSON ? (block.length() + 2) / 3 * 4 : block.length();
        return write(format, 64 + payload, out -> {
            out.writeStartObject(block, count(block.clientToken()) + 4);
            token(out, block.clientToken());
            out.writeNumberField("f", block.fileId());
            out.writeNumberField("l", block.length());
            out.writeNumberField("i", block.blockId());
            out.writeFieldName("p");
            out.writeBinary(block.payload());
            out.writeEndObject();
        });
    }

    /** {@code {"o", "m", "c"}}. */
    public static byte[] rejection(StreamRejection rejection, Format format) {
        return write(format, 64 + rejection.message().length(), out -> {
            out.writeStartObject(rejection, 2 + count(rejection.clientToken()));
            out.writeStringField("o", rejection.code().wire());
            out.writeStringField("m", rejection.message());
            token(out, rejection.clientToken());
            out.writeEndObject();
        });
    }

    private static int count(Optional<String> member) {
        return member.isPresent() ? 1 : 0;
    }

    private static void token(JsonGenerator out, Optional<String> clientToken) throws IOException {
        if (clientToken.isPresent()) {
            out.writeStringField("c", clientToken.get());
        }
    }

    private static byte[] write(Format format, int sizeHint, Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint);
        try (JsonGenerator out = (format == Format.JSON ? JSON : CBOR).createGenerator(bytes)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a streams message", e);
        }
        return bytes.toByteArray();
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator out) throws IOException;
    }
}
