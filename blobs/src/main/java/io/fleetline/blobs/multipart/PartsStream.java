package io.fleetline.blobs.multipart;

import io.fleetline.blobs.content.ContentReader;
import io.fleetline.blobs.content.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The bytes of parts one after the other, each part's content opened when its turn comes and closed after. */
final class PartsStream extends InputStream {
    /** A part's content is not in the store (its upload was aborted or completed meanwhile). */
    static final class MissingPart extends RuntimeException {
        MissingPart(int number) {
            super(Integer.toString(number));
        }
    }

    private final ContentStore contents;
    private final List<Part> parts;
    private int next;
    private ContentReader reader;
    private InputStream current = InputStream.nullInputStream();

    PartsStream(ContentStore contents, List<Part> parts) {
        this.contents = contents;
        this.parts = parts;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        while (true) {
            int read = current.read(buffer, offset, length);
            if (read >= 0 || next == parts.size()) {
                return read;
            }
            openNext();
        }
    }

    private void openNext() {
        close();
        Part part = parts.get(next++);
        reader = contents.open(part.content()).orElseThrow(() -> new MissingPart(part.number()));
        current = reader.stream(0, reader.size());
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
