package io.fleetline.jobs.document;

import io.fleetline.core.log.LimitedLog;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * A job document as a device receives it: the stored text with each presigned-URL placeholder replaced by a download
 * URL made for this read, which expires after the job's {@code presignedUrlConfig.expiresInSec}. Every {@link #text()}
 * presigns anew, so a device that reads its document late never gets a URL that began to expire before it asked.
 */
public final class DeviceDocument {
    /** A presigner that fails is the server's fault, but any device reading a document can make it show. */
    private static final LimitedLog FAILED = new LimitedLog(LoggerFactory.getLogger(DeviceDocument.class));

    private final String stored;
    /** The stored text cut at the placeholders that are replaced: one more piece than placeholders. */
    private final List<String> pieces;
    private final List<Placeholder> placeholders;
    private final Function<S3ObjectUrl, Optional<URI>> presign;

    /** A placeholder replaced on each read, and what it was, kept when its URL cannot be made. */
    record Placeholder(S3ObjectUrl object, String written) {
    }

    DeviceDocument(String stored, List<String> pieces, List<Placeholder> placeholders,
                   Function<S3ObjectUrl, Optional<URI>> presign) {
        this.stored = stored;
        this.pieces = List.copyOf(pieces);
        this.placeholders = List.copyOf(placeholders);
        this.presign = presign;
    }

    /** A document sent as it is stored: it has no placeholder to replace. */
    public static DeviceDocument asStored(String text) {
        return new DeviceDocument(text, List.of(text), List.of(), object -> Optional.empty());
    }

    /** The document as this read gets it: placeholders replaced by URLs presigned now. */
    public String text() {
        if (placeholders.isEmpty()) {
            return stored;
        }
        StringBuilder out = new StringBuilder(stored.length() + placeholders.size() * 512);
        for (int i = 0; i < placeholders.size(); i++) {
            out.append(pieces.get(i)).append(url(placeholders.get(i)));
        }
        return out.append(pieces.get(placeholders.size())).toString();
    }

    /** Whether every read differs (it has placeholders to replace), so it is not worth caching what is made of it. */
    public boolean personal() {
        return !placeholders.isEmpty();
    }

    /** The document as it was given, placeholders and all (what GetJobDocument answers). */
    public String stored() {
        return stored;
    }

    private String url(Placeholder placeholder) {
        try {
            return presign.apply(placeholder.object()).map(u -> jsonSafe(u.toASCIIString()))
                    .orElse(placeholder.written());
        } catch (RuntimeException e) {
            FAILED.warn("cannot presign {} for a job document; the placeholder is sent as it is",
                    placeholder.object(), e);
            return placeholder.written();
        }
    }

    /** A URL goes inside a JSON string: the characters JSON escapes do not occur in one, but a presigner is not ours. */
    private static String jsonSafe(String url) {
        return url.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
