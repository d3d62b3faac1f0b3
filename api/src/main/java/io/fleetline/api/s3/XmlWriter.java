package io.fleetline.api.s3;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A small XML document writer: elements, attributes and escaped text, UTF-8. Text is escaped so that any string
 * survives a parser: markup characters as entities, carriage returns and the control characters XML 1.0 cannot carry
 * literally as character references (as S3 writes keys that hold them; clients that must read every key ask for
 * {@code encoding-type=url}).
 */
final class XmlWriter {
    private final StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

    XmlWriter start(String name) {
        return start(name, Map.of());
    }

    XmlWriter start(String name, Map<String, String> attributes) {
        xml.append('<').append(name);
        attributes.forEach((attribute, value) -> {
            xml.append(' ').append(attribute).append("=\"");
            escape(value);
            xml.append('"');
        });
        xml.append('>');
        return this;
    }

    XmlWriter end(String name) {
        xml.append("</").append(name).append('>');
        return this;
    }

    XmlWriter text(String text) {
        escape(text);
        return this;
    }

    /** An element holding only text. */
    XmlWriter element(String name, String text) {
        return start(name).text(text).end(name);
    }

    byte[] bytes() {
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '&' -> xml.append("&amp;");
                case '"' -> xml.append("&quot;");
                case '\'' -> xml.append("&apos;");
                case '\r' -> xml.append("&#13;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' || c == 0xFFFE || c == 0xFFFF) {
                        xml.append("&#").append((int) c).append(';');
                    } else {
                        xml.append(c);
                    }
                }
            }
        }
    }
}
