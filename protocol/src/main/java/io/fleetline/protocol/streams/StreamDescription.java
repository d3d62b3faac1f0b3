package io.fleetline.protocol.streams;

import java.util.List;
import java.util.Optional;

/**
 * The answer to {@code DescribeStream}: {@code c} (the request's token), {@code s} (the stream's version), {@code d}
 * (its description, when it has one) and {@code r} (its files: {@code f} id and {@code z} size in bytes).
 */
public record StreamDescription(Optional<String> clientToken, int version, Optional<String> description,
                                List<FileSize> files) {
    public StreamDescription {
        files = List.copyOf(files);
    }

    /** A file of the stream: its id and size in bytes. */
    public record FileSize(int fileId, long size) {
    }
}
