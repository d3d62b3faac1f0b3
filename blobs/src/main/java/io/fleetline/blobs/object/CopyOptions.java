package io.fleetline.blobs.object;

/**
 * How CopyObject copies: the metadata directive, the attributes that {@link MetadataDirective#REPLACE} puts on the
 * copy, and the {@code x-amz-copy-source-if-*} conditions on the source.
 */
public record CopyOptions(MetadataDirective directive, ObjectAttributes replacement, Conditions sourceConditions) {
    public static final CopyOptions COPY = new CopyOptions(MetadataDirective.COPY, ObjectAttributes.NONE,
            Conditions.NONE);

    public static CopyOptions replace(ObjectAttributes attributes) {
        return new CopyOptions(MetadataDirective.REPLACE, attributes, Conditions.NONE);
    }
}
