package io.fleetline.console.html;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Markup that is safe to send: the one place where the console turns values into HTML. A template is literal markup
 * with {@code {}} holes; each hole's value is escaped as text unless it is itself {@code Html} (a fragment built the
 * same way). Templates are constants in the page classes, never built from data, so data reaches the page escaped or
 * not at all. Every attribute in a template is double-quoted, which escaping the value makes safe.
 */
public final class Html {
    private static final String HOLE = "{}";
    public static final Html EMPTY = new Html("");

    private final String markup;

    private Html(String markup) {
        this.markup = markup;
    }

    /**
     * Fills the holes of {@code template} in order. A value that is {@code Html} goes in as it is, an {@code Iterable}
     * of them one after another; anything else goes in as escaped text ({@code null} as nothing).
     *
     * @throws IllegalArgumentException when the number of holes and values differ
     */
    public static Html of(String template, Object... values) {
        StringBuilder out = new StringBuilder(template.length() + 16 * values.length);
        int from = 0;
        for (Object value : values) {
            int hole = template.indexOf(HOLE, from);
            if (hole < 0) {
                throw new IllegalArgumentException("more values than holes in the template");
            }
            out.append(template, from, hole);
            append(out, value);
            from = hole + HOLE.length();
        }
        if (template.indexOf(HOLE, from) >= 0) {
            throw new IllegalArgumentException("more holes than values in the template");
        }
        return new Html(out.append(template, from, template.length()).toString());
    }

    /** Fragments one after another. */
    public static Html join(List<Html> parts) {
        StringBuilder out = new StringBuilder();
        parts.forEach(part -> out.append(part.markup));
        return new Html(out.toString());
    }

    /** {@code text} escaped for an element's content or a double-quoted attribute. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        escapeInto(out, text);
        return out.toString();
    }

    /**
     * One path segment of a console URL: percent-encoded (so a name cannot leave its segment or carry a scheme),
     * then escaped by the hole it fills.
     */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @SuppressWarnings("unchecked")
    private static void append(StringBuilder out, Object value) {
        switch (value) {
            case null -> { }
            case Html html -> out.append(html.markup);
            case Iterable<?> many -> ((Iterable<Object>) many).forEach(item -> append(out, item));
            default -> escapeInto(out, value.toString());
        }
    }

    private static void escapeInto(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }

    /** The markup. */
    @Override
    public String toString() {
        return markup;
    }
}
