package io.fleetline.blobs.content;

/** Bytes just written, durable and in place, pinned until closed. */
public record StoredContent(Content content, ContentPin pin) implements AutoCloseable {
    @Override
    public void close() {
        pin.close();
    }
}
