package io.fleetline.s3store;

import java.util.Optional;

/**
 * How Fleetline signs its requests to the store and the device URLs it presigns: an access key given to it, or,
 * without one, the AWS SDK's default chain (the {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} environment,
 * {@code ~/.aws} profiles, a container or instance role). The secret never appears in {@link #toString()}.
 */
public record S3Credentials(Optional<String> accessKeyId, Optional<String> secretAccessKey) {
    public S3Credentials {
        if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
            throw new IllegalArgumentException("an access key id and its secret go together");
        }
        if (accessKeyId.isPresent() && (accessKeyId.get().isBlank() || secretAccessKey.get().isBlank())) {
            throw new IllegalArgumentException("an access key id and its secret cannot be blank");
        }
    }

    /** The AWS SDK's default credentials chain. */
    public static S3Credentials defaultChain() {
        return new S3Credentials(Optional.empty(), Optional.empty());
    }

    public static S3Credentials of(String accessKeyId, String secretAccessKey) {
        return new S3Credentials(Optional.of(accessKeyId), Optional.of(secretAccessKey));
    }

    public boolean fromDefaultChain() {
        return accessKeyId.isEmpty();
    }

    @Override
    public String toString() {
        return accessKeyId.map(id -> "access key " + id).orElse("the default AWS credentials chain");
    }
}
