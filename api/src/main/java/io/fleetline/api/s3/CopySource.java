package io.fleetline.api.s3;

import java.util.Optional;

/**
 * The object an {@code x-amz-copy-source} header names (CopyObject, UploadPartCopy): {@code bucket/key}, optionally
 * led by a slash and followed by {@code ?versionId=...}, the key percent-encoded as the SDKs and the CLI send it.
 */
public record CopySource(String bucket, String key, Optional<String> versionId) {
    private static final String VERSION = "versionId=";

    public CopySource {
        if (bucket.isEmpty() || key.isEmpty()) {
            throw invalid();
        }
    }

    /**
     * @throws S3Exception {@code InvalidArgument} when the header does not name a bucket and a key, or does not decode
     */
    public static CopySource parse(String header) {
        String source = header.startsWith("/") ? header.substring(1) : header;
        Optional<String> versionId = Optional.empty();
        int question = source.indexOf('?');
        if (question >= 0) {
            String query = source.substring(question + 1);
            source = source.substring(0, question);
            for (String pair : query.split("&")) {
                if (pair.startsWith(VERSION)) {
                    versionId = Optional.of(decode(pair.substring(VERSION.length())));
                }
            }
        }
        int slash = source.indexOf('/');
        if (slash <= 0) {
            throw invalid();
        }
        return new CopySource(decode(source.substring(0, slash)), decode(source.substring(slash + 1)), versionId);
    }

    private static String decode(String text) {
        try {
            return S3Address.decode(text);
        } catch (S3Exception badEscape) {
            throw S3Exception.invalidArgument("Invalid copy source encoding");
        }
    }

    private static S3Exception invalid() {
        return S3Exception.invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
    }
}
