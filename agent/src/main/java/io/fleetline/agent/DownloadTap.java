package io.fleetline.agent;

import java.io.IOException;

/**
 * Sees the bytes of a download before the agent keeps them: how the fleet simulator makes a device receive a corrupt
 * image or a bad signature, lose its connection mid-download or download slowly. Device software has no use for it.
 */
public interface DownloadTap {
    /**
     * A chunk of the image at {@code offset}, as received; returns the bytes to keep (the same array, changed, or
     * another). Throwing {@link IOException} is a dropped connection; blocking is a slow link.
     */
    default byte[] chunk(String jobId, long offset, byte[] bytes) throws IOException {
        return bytes;
    }

    /** The image's signature, as the job document carries it; returns the one to verify with. */
    default byte[] signature(String jobId, byte[] signature) {
        return signature;
    }

    /** No tap: bytes as received. */
    static DownloadTap none() {
        return new DownloadTap() {
        };
    }
}
