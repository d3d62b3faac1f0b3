package io.fleetline.ota.streams;

import io.fleetline.blobs.Blobs;
import io.fleetline.blobs.object.Conditions;
import io.fleetline.blobs.object.ObjectHead;
import io.fleetline.blobs.object.ObjectRead;
import io.fleetline.blobs.object.ReadOptions;
import io.fleetline.blobs.object.VersionId;
import io.fleetline.core.error.FleetlineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Optional;

/**
 * Stream files in the embedded store. A read opens the version's content file (which stays readable until closed,
 * even if the version is deleted meanwhile) and reads blocks from it with positional reads: no byte goes through the
 * heap but the blocks asked for.
 */
final class EmbeddedStreamObjects implements StreamObjects {
    private final Blobs blobs;

    EmbeddedStreamObjects(Blobs blobs) {
        this.blobs = blobs;
    }

    @Override
    public ObjectFacts head(FileSource source) {
        try {
            ObjectHead head = blobs.objects().head(source.bucket(), source.key(), options(source));
            return new ObjectFacts(head.version().size(), head.version().body().etag().value());
        } catch (FleetlineException e) {
            throw ObjectErrors.translate(e, source);
        }
    }

    @Override
    public OpenObject open(FileSource source, String expectedEtag) {
        ObjectRead read;
        try {
            read = blobs.objects().get(source.bucket(), source.key(), options(source));
        } catch (FleetlineException e) {
            throw ObjectErrors.translate(e, source);
        }
        if (!read.version().body().etag().value().equals(expectedEtag)) {
            read.close();
            throw ObjectErrors.changed(source);
        }
        return new ContentFile(read);
    }

    private static ReadOptions options(FileSource source) {
        return new ReadOptions(source.version().map(VersionId::of), Optional.empty(), Conditions.NONE);
    }

    /** The open content, read at positions. */
    private record ContentFile(ObjectRead read) implements OpenObject {
        @Override
        public byte[] read(long position, int length) {
            byte[] bytes = new byte[length];
            readInto(position, bytes, 0, length);
            return bytes;
        }

        @Override
        public void readInto(long position, byte[] into, int offset, int length) {
            if (position < 0 || position + length > read.version().size()) {
                throw new IllegalArgumentException("bytes " + position + "+" + length + " of an object of "
                        + read.version().size());
            }
            ByteBuffer buffer = ByteBuffer.wrap(into, offset, length);
            FileChannel channel = read.channel();
            try {
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, position + buffer.position() - offset) < 0) {
                        throw new IOException("the content ended " + buffer.remaining() + " bytes early");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read a stream file", e);
            }
        }

        @Override
        public void close() {
            read.close();
        }
    }
}
