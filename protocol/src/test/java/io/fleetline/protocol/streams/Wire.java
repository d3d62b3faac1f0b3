package io.fleetline.protocol.streams;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Byte arrays written in tests as hexadecimal, a field a line, with {@code #} comments saying what each is. */
final class Wire {
    private Wire() {
    }

    static byte[] hex(String commented) {
        StringBuilder digits = new StringBuilder();
        commented.lines().forEach(line -> {
            int comment = line.indexOf('#');
            digits.append((comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s", ""));
        });
        return HexFormat.of().parseHex(digits.toString());
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] repeat(int value, int count) {
        byte[] bytes = new byte[count];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
