package io.fleetline.blobs.object;

import java.util.Optional;

/** What HeadObject answers: the version, and the range asked for if any (S3 answers 206 to a HEAD with a Range). */
public record ObjectHead(ObjectVersion version, Optional<ByteRange> range) {
}
