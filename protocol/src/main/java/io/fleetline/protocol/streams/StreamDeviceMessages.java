package io.fleetline.protocol.streams;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.Format;
import io.fleetline.protocol.RejectionCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Base64;

/**
 * The device's side of the streams messages, the reverse of {@link StreamRequests} and {@link StreamMessages}: a
 * {@code GetStream} request written as AWS's OTA agent writes it ({@code c s f l o n b}, members left out when not
 * given), and the answers read back: one block of {@code data}, or a rejection. An answer without the protocol's
 * shape is an {@link IllegalArgumentException}.
 */
public final class StreamDeviceMessages {
    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();

    private StreamDeviceMessages() {
    }

    /** The payload of a {@code GetStream} request, to publish on its {@code get/json} or {@code get/cbor} topic. */
    public static byte[] get(GetStreamRequest request, Format format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (JsonGenerator out = (format == Format.JSON ? JSON : CBOR).createGenerator(bytes)) {
            out.writeStartObject();
            if (request.clientToken().isPresent()) {
                out.writeStringField("c", request.clientToken().get());
            }
            if (request.streamVersion().isPresent()) {
                out.writeNumberField("s", request.streamVersion().getAsInt());
            }
            out.writeNumberField("f", request.fileId());
            out.writeNumberField("l", request.blockSize());
            out.writeNumberField("o", request.blockOffset());
            if (request.blockCount().isPresent()) {
                out.writeNumberField("n", request.blockCount().getAsInt());
            }
            if (request.bitmap().isPresent()) {
                out.writeFieldName("b");
                if (format == Format.JSON) {
                    out.writeString(request.bitmap().get().hex());
                } else {
                    out.writeBinary(request.bitmap().get().bytes());
                }
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a streams request", e);
        }
        return bytes.toByteArray();
    }

    /** One block of a {@code data} answer: {@code {c, f, l, i, p}}, {@code l} matching the bytes of {@code p}. */
    public static DataBlock data(byte[] payload, Format format) {
        RequestFields fields = fields(payload, format);
        try {
            int fileId = number(fields, "f");
            int blockId = number(fields, "i");
            int length = number(fields, "l");
            byte[] bytes = block(fields, format);
            if (bytes.length != length) {
                throw malformed("l is " + length + " but p holds " + bytes.length + " bytes");
            }
            return new DataBlock(fields.text("c", "client token"), fileId, blockId, bytes);
        } catch (DeviceRejection e) {
            throw malformed(e.getMessage());
        }
    }

    /** A {@code rejected} answer: {@code {o, m, c}}; a code this protocol does not have is read as InternalError. */
    public static StreamRejection rejection(byte[] payload, Format format) {
        RequestFields fields = fields(payload, format);
        try {
            String code = fields.text("o", "code").orElseThrow(() -> malformed("o is missing"));
            return new StreamRejection(RejectionCode.ofWire(code).orElse(RejectionCode.INTERNAL_ERROR),
                    fields.text("m", "message").orElse(""), fields.text("c", "client token"));
        } catch (DeviceRejection e) {
            throw malformed(e.getMessage());
        }
    }

    private static RequestFields fields(byte[] payload, Format format) {
        try {
            return RequestFields.read(payload, format);
        } catch (DeviceRejection e) {
            throw malformed(e.getMessage());
        }
    }

    private static int number(RequestFields fields, String key) {
        BigInteger value = fields.integer(key, key).orElseThrow(() -> malformed(key + " is missing"));
        if (value.signum() < 0 || value.bitLength() >= Integer.SIZE) {
            throw malformed(key + " is out of range: " + value);
        }
        return value.intValue();
    }

    private static byte[] block(RequestFields fields, Format format) {
        Object p = fields.raw("p").orElseThrow(() -> malformed("p is missing"));
        if (format == Format.CBOR && p instanceof byte[] bytes) {
            return bytes;
        }
        if (format == Format.JSON && p instanceof String text) {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw malformed("p is not base64");
            }
        }
        throw malformed("p is not " + (format == Format.JSON ? "base64 text" : "a byte string"));
    }

    private static IllegalArgumentException malformed(String why) {
        return new IllegalArgumentException("malformed streams answer: " + why);
    }
}
