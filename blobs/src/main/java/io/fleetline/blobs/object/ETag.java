package io.fleetline.blobs.object;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An entity tag as S3 computes it, quotes included: the hex MD5 of the bytes for an object written in one part, and
 * for one completed from N parts the hex MD5 of the parts' MD5s (binary, concatenated) followed by {@code -N}.
 */
public record ETag(String value) {
    private static final Pattern SHAPE = Pattern.compile("\"[0-9a-f]{32}(-[1-9][0-9]{0,4})?\"");
    private static final HexFormat HEX = HexFormat.of();

    public ETag {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("not an S3 ETag: " + value);
        }
    }

    public static ETag ofMd5(byte[] md5) {
        return new ETag('"' + HEX.formatHex(md5) + '"');
    }

    public static ETag ofMd5Hex(String md5Hex) {
        return new ETag('"' + md5Hex + '"');
    }

    /** The ETag of an object completed from parts with these (single-part) ETags, in order. */
    public static ETag multipart(List<ETag> parts) {
        MessageDigest md5 = newMd5();
        parts.forEach(part -> md5.update(part.md5()));
        return new ETag('"' + HEX.formatHex(md5.digest()) + "-" + parts.size() + '"');
    }

    /** The MD5 a single-part ETag is made of. */
    public byte[] md5() {
        if (isMultipart()) {
            throw new IllegalStateException("a multipart ETag holds no MD5 of the bytes: " + value);
        }
        return HEX.parseHex(value, 1, 33);
    }

    public boolean isMultipart() {
        return value.indexOf('-') >= 0;
    }

    /**
     * Whether an {@code If-Match}/{@code If-None-Match} value names this tag: {@code *}, or a comma-separated list of
     * tags (quoted or not; a weak {@code W/} prefix is ignored, as S3 compares them).
     */
    public boolean matchesAny(String header) {
        for (String candidate : header.split(",")) {
            String tag = candidate.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || unquoted(tag).equals(unquoted(value))) {
                return true;
            }
        }
        return false;
    }

    private static String unquoted(String tag) {
        boolean quoted = tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"");
        return quoted ? tag.substring(1, tag.length() - 1) : tag;
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
