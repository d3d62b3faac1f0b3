package io.fleetline.jobs.document;

import io.fleetline.core.error.FleetlineException;
import java.util.ArrayList;
import java.util.List;

/**
 * The presigned-URL placeholders of a job document, {@code ${aws:iot:s3-presigned-url:<S3 URL>}} and the newer
 * guide's {@code ${aws:iot:s3-presigned-url-v2:<S3 URL>}}, found in its text. A placeholder ends at the first
 * {@code }}; its URL is read as written, but for {@code \/}, which JSON writers may put for a slash.
 */
final class Placeholders {
    private static final String PREFIX = "${aws:iot:s3-presigned-url";
    private static final List<String> FORMS = List.of(":", "-v2:");

    /** A placeholder at {@code [start, end)} of the document, naming {@code url}. */
    record Found(int start, int end, String url) {
        String written(String document) {
            return document.substring(start, end);
        }
    }

    private Placeholders() {
    }

    /** Whether the document has a placeholder at all: most have none, and are then sent as they are. */
    static boolean present(String document) {
        return document.contains(PREFIX);
    }

    /**
     * The placeholders in order. A placeholder without its closing brace is {@code InvalidRequestException} when
     * {@code strict} (at creation), and otherwise not a placeholder.
     */
    static List<Found> in(String document, boolean strict) {
        List<Found> found = new ArrayList<>();
        for (int at = document.indexOf(PREFIX); at >= 0; at = document.indexOf(PREFIX, at + 1)) {
            int urlStart = urlStart(document, at + PREFIX.length());
            if (urlStart < 0) {
                continue;  // another variable that happens to begin alike
            }
            int close = document.indexOf('}', urlStart);
            if (close < 0) {
                if (strict) {
                    throw FleetlineException.invalid("The job document has a presigned URL placeholder without its"
                            + " closing brace: " + abbreviated(document.substring(at)));
                }
                break;
            }
            found.add(new Found(at, close + 1, document.substring(urlStart, close).replace("\\/", "/")));
            at = close;
        }
        return found;
    }

    private static int urlStart(String document, int afterPrefix) {
        for (String form : FORMS) {
            if (document.startsWith(form, afterPrefix)) {
                return afterPrefix + form.length();
            }
        }
        return -1;
    }

    private static String abbreviated(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
