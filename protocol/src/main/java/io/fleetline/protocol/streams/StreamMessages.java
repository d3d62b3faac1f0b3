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
        if (format == Format.CBOR) {
            byte[] message = cborDataFrame(block.clientToken(), block.fileId(), block.blockId(), block.length());
            System.arraycopy(block.payload(), 0, message, message.length - block.length(), block.length());
            return message;
        }
        return write(format, 64 + (block.length() + 2) / 3 * 4, out -> {
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

    /**
     * The CBOR data message of a block of {@code length} bytes, all written but the block's bytes: they are the
     * message's last {@code length} bytes, to fill from {@code message.length - length} (a block read straight into
     * its message). Filled, it is what {@link #data} answers for the block.
     */
    public static byte[] cborDataFrame(Optional<String> clientToken, int fileId, int blockId, int length) {
        return CborDataFrame.of(clientToken, fileId, blockId, length);
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
