package io.fleetline.blobs.content;

/**
 * Looks at bytes written to a temporary file before they take their place: throwing refuses them (a digest or length
 * that is not the declared one), and nothing is stored.
 */
@FunctionalInterface
public interface ContentCheck {
    ContentCheck NONE = (size, md5, sha256) -> { };

    /** @param md5 the bytes' MD5, or null when the check does not {@link #needsMd5() need} one */
    void verify(long size, byte[] md5, byte[] sha256);

    /**
     * Whether the write must compute the bytes' MD5 (an object's or a part's ETag, Content-MD5): a multipart join
     * does not (its ETag is made from its parts'), and hashing a large join twice over was a third of its time.
     */
    default boolean needsMd5() {
        return true;
    }

    /** {@code check}, which looks at no MD5, asking the write not to compute one. */
    static ContentCheck withoutMd5(ContentCheck check) {
        return new ContentCheck() {
            @Override
            public void verify(long size, byte[] md5, byte[] sha256) {
                check.verify(size, md5, sha256);
            }

            @Override
            public boolean needsMd5() {
                return false;
            }
        };
    }
}
