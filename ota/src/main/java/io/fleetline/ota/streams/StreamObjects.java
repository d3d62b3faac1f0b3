package io.fleetline.ota.streams;

import io.fleetline.blobs.BlobStore;
import io.fleetline.blobs.Blobs;
import io.fleetline.core.error.FleetlineException;

/**
 * The object store as streams use it: what an object is when a stream names it, and its bytes by range when devices
 * read blocks. Errors are the IoT API's: an object, version or bucket that does not exist is
 * {@code ResourceNotFoundException}, a name no object can have {@code InvalidRequestException}.
 */
public interface StreamObjects {
    /** No object store: every stream is refused. */
    StreamObjects NONE = new StreamObjects() {
        @Override
        public ObjectFacts head(FileSource source) {
            throw FleetlineException.invalid("Streams need an object store, and this server has none");
        }

        @Override
        public OpenObject open(FileSource source, String expectedEtag) {
            throw FleetlineException.notFound("There is no object store to read " + source + " from");
        }
    };

    /** The embedded store: versions named or current, each read from the open content file. */
    static StreamObjects embedded(Blobs blobs) {
        return new EmbeddedStreamObjects(blobs);
    }

    /**
     * A store seen through {@link BlobStore} (an external S3 store): current objects only (a file naming a version is
     * refused at creation), each read one ranged GET, its ETag checked.
     */
    static StreamObjects over(BlobStore store) {
        return new CurrentObjects(store);
    }

    /** The object's size and ETag now: the version named, else the current one. */
    ObjectFacts head(FileSource source);

    /**
     * Opens the object for reading blocks: the version named, else the current one, which must still have
     * {@code expectedEtag} ({@code ETagMismatch} otherwise). Close it when done.
     */
    OpenObject open(FileSource source, String expectedEtag);

    /** An object's size and ETag (quoted, as S3 writes it). */
    record ObjectFacts(long size, String etag) {
    }

    /** An object open for reading ranges of its bytes. */
    interface OpenObject extends AutoCloseable {
        /** {@code length} bytes from {@code position}, all within the object. */
        byte[] read(long position, int length);

        /** As {@link #read}, into {@code into} from {@code offset} (a block read straight into its message). */
        default void readInto(long position, byte[] into, int offset, int length) {
            System.arraycopy(read(position, length), 0, into, offset, length);
        }

        @Override
        void close();
    }
}
