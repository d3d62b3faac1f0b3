package io.fleetline.agent.internal.firmware;

import java.io.IOException;
import java.nio.file.Path;

/** Fetches an image into a work file, continuing from what the file already holds. */
interface Download {
    /** Progress: how many bytes of the image the work file holds. */
    @FunctionalInterface
    interface Progress {
        void bytes(long have) throws InterruptedException;
    }

    /** The server refused the download for good (a stream rejected, a URL forbidden): no retry helps. */
    final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason);
        }
    }

    /** Fills {@code file} with the image's {@code size} bytes. */
    void fetch(Path file, long size, Progress progress) throws IOException, InterruptedException;
}
