package io.fleetline.blobs.content;

/**
 * Bytes in the content store: their id (which is their SHA-256), their length and their MD5 (hex; null when the write
 * was asked not to compute it, see {@link ContentCheck#needsMd5()}).
 */
public record Content(ContentId id, long size, String md5Hex) {
    public String sha256Hex() {
        return id.value();
    }
}
