package io.fleetline.ota.signing;

/** The object a signing job signs: one version of a key in a bucket of the account's object store. */
public record SourceObject(String bucket, String key, String version) {
    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key + " (version " + version + ")";
    }
}
