package io.fleetline.api.binding;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request written as HTTP/1.1 writes it, for fuzz inputs people can read and write: a request line
 * {@code METHOD target}, header lines {@code name: value}, an empty line, then the body bytes. Lines end with
 * {@code \n}; the head is ISO-8859-1 as on the wire, so every byte the fuzzer flips stays a character.
 */
public final class WireText {
    private WireText() {
    }

    /** The request the bytes describe; whatever the bytes, some request (an empty head gives an empty method). */
    public static RawRequest parse(byte[] input) {
        int headEnd = indexOf(input, "\n\n".getBytes(StandardCharsets.ISO_8859_1));
        String head = new String(input, 0, headEnd < 0 ? input.length : headEnd, StandardCharsets.ISO_8859_1);
        byte[] body = headEnd < 0 ? new byte[0] : Arrays.copyOfRange(input, headEnd + 2, input.length);
        String[] lines = head.split("\n", -1);
        String requestLine = lines[0];
        int space = requestLine.indexOf(' ');
        String method = space < 0 ? requestLine : requestLine.substring(0, space);
        String target = space < 0 ? "" : requestLine.substring(space + 1);
        int question = target.indexOf('?');
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).strip());
            }
        }
        return new RawRequest(method, question < 0 ? target : target.substring(0, question),
                question < 0 ? null : target.substring(question + 1), headers, body);
    }

    /** The text {@link #parse} reads back as {@code request}. */
    public static byte[] format(RawRequest request) {
        StringBuilder head = new StringBuilder(request.method()).append(' ').append(request.rawPath());
        if (!request.rawQuery().isEmpty()) {
            head.append('?').append(request.rawQuery());
        }
        head.append('\n');
        request.headers().forEach((name, values) -> values.forEach(v -> head.append(name).append(": ").append(v)
                .append('\n')));
        head.append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(request.body());
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= data.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
