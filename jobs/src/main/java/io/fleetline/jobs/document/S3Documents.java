package io.fleetline.jobs.document;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Job documents and the object store: reading a {@code documentSource} when a job or template is created, checking
 * the presigned-URL placeholders a document carries, and making the document each device read gets.
 */
public final class S3Documents {
    /** How long a presigned URL lives when {@code presignedUrlConfig} does not say: the model's default. */
    public static final Duration DEFAULT_EXPIRY = Duration.ofSeconds(3600);

    private final JobObjectStore objects;

    public S3Documents(JobObjectStore objects) {
        this.objects = objects;
    }

    /**
     * The text of the object {@code documentSource} names, read now: a job keeps the document it was created with,
     * whatever later happens to the object. A URL that names no object of the store, an object that is missing,
     * too large or not UTF-8 is {@code InvalidRequestException} naming the source.
     */
    public String read(String documentSource, int maxBytes) {
        if (!objects.available()) {
            throw FleetlineException.invalid("documentSource needs an object store, and this server has none; pass the"
                    + " document itself with document (--document file://...)");
        }
        S3ObjectUrl object = parse(documentSource, "documentSource");
        byte[] bytes;
        try {
            bytes = objects.read(object, maxBytes);
        } catch (FleetlineException e) {
            throw unreadable(documentSource, e);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw FleetlineException.invalid("The job document at documentSource " + documentSource
                    + " is not UTF-8 text");
        }
    }

    /**
     * Checks a document's presigned-URL placeholders at creation: each names an object of the store (which need not
     * exist yet: devices download it later). Answers whether the document has any, which a job can have only with a
     * {@code presignedUrlConfig}.
     */
    public boolean checkPlaceholders(String document) {
        List<Placeholders.Found> found = Placeholders.present(document) ? Placeholders.in(document, true) : List.of();
        if (!found.isEmpty() && !objects.available()) {
            throw FleetlineException.invalid("The job document has presigned URL placeholders (${aws:iot:s3-presigned-url"
                    + ":...}), which need an object store, and this server has none");
        }
        for (Placeholders.Found placeholder : found) {
            parse(placeholder.url(), "The presigned URL placeholder " + placeholder.written(document) + " in the job"
                    + " document");
        }
        return !found.isEmpty();
    }

    /**
     * The document devices get: its placeholders replaced, on every read, by URLs that expire {@code expiry} after the
     * read. Without a store, or without placeholders, the document as stored.
     */
    public DeviceDocument forDevices(String document, Duration expiry) {
        if (!objects.available() || !Placeholders.present(document)) {
            return DeviceDocument.asStored(document);
        }
        List<String> pieces = new ArrayList<>();
        List<DeviceDocument.Placeholder> placeholders = new ArrayList<>();
        int from = 0;
        for (Placeholders.Found found : Placeholders.in(document, false)) {
            Optional<S3ObjectUrl> object = leniently(found.url());
            if (object.isEmpty()) {
                continue;  // checked at creation; one stored before that was is sent as written
            }
            pieces.add(document.substring(from, found.start()));
            placeholders.add(new DeviceDocument.Placeholder(object.get(), found.written(document)));
            from = found.end();
        }
        if (placeholders.isEmpty()) {
            return DeviceDocument.asStored(document);
        }
        pieces.add(document.substring(from));
        return new DeviceDocument(document, pieces, placeholders, object -> objects.presignGet(object, expiry));
    }

    private S3ObjectUrl parse(String url, String what) {
        try {
            return url.contains("://") ? S3ObjectUrl.parse(url, objects::isOwnEndpoint) : S3ObjectUrl.parseBare(url);
        } catch (FleetlineException e) {
            throw FleetlineException.invalid(what + " is not an S3 object URL of this server's object store: "
                    + e.getMessage());
        }
    }

    /**
     * At a read, any host names the store path-style: the URL was checked when the job was created, against the
     * server's endpoints as they were then, which a restart may have moved.
     */
    private static Optional<S3ObjectUrl> leniently(String url) {
        try {
            return Optional.of(url.contains("://") ? S3ObjectUrl.parse(url, any -> true) : S3ObjectUrl.parseBare(url));
        } catch (FleetlineException e) {
            return Optional.empty();
        }
    }

    private static FleetlineException unreadable(String documentSource, FleetlineException e) {
        if (e.code() == ErrorCode.S3_SERVICE_UNAVAILABLE || e.code() == ErrorCode.SERVICE_UNAVAILABLE) {
            return new FleetlineException(ErrorCode.SERVICE_UNAVAILABLE, "The object store holding documentSource "
                    + documentSource + " cannot be read now; retry later");
        }
        String what = e.code() == ErrorCode.INVALID_REQUEST ? "" : e.code().awsType() + ": ";
        return FleetlineException.invalid("The job document cannot be read from documentSource " + documentSource
                + ": " + what + e.getMessage());
    }
}
