package io.fleetline.ota.streams;

/** A file asked for in CreateStream or UpdateStream: its id in the stream (0 to 255) and where its bytes are. */
public record FileSpec(int fileId, FileSource source) {
    public static final int MAX_FILE_ID = 255;
}
