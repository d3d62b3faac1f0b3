package io.fleetline.blobs.content;

/**
 * Looks at bytes written to a temporary file before they take their place: throwing refuses them (a digest or length
 * that is not the declared one), and nothing is stored.
 */
@FunctionalInterface
public interface ContentCheck {
    ContentCheck NONE = (size, md5, sha256) -> { };

    void verify(long size, byte[] md5, byte[] sha256);
}
