package io.fleetline.blobs.content;

/**
 * Holds a content in the store while metadata that will reference it is being committed: the sweep never deletes a
 * pinned content. Close it once the commit is done (or failed).
 */
public interface ContentPin extends AutoCloseable {
    @Override
    void close();
}
