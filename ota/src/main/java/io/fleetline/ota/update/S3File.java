package io.fleetline.ota.update;

/** One version of one object of the account's store: what a stream file or a signed image is made of. */
public record S3File(String bucket, String key, String versionId) {
    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key + " (version " + versionId + ")";
    }
}
