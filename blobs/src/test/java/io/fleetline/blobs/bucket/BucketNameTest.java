package io.fleetline.blobs.bucket;

import static io.fleetline.blobs.Failures.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.error.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BucketNameTest {
    @ParameterizedTest
    @ValueSource(strings = {"my-iot-firmware", "abc", "a.b-c.1", "123", "docexamplebucket1",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void takes_the_names_s3_takes(String name) {
        assertThat(BucketName.of(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "My-Bucket", "my_bucket",
            "-bucket", "bucket-", ".bucket", "bucket.", "my..bucket", "192.168.5.4", "xn--bucket", "sthree-bucket",
            "amzn-s3-demo-bucket", "bucket-s3alias", "bucket--ol-s3", "bucket.mrap", "bucket--x-s3", "bucket--table-s3",
            "bücket", "my bucket", "", "../etc"})
    void refuses_names_outside_s3s_rules_with_invalid_bucket_name(String name) {
        assertFails(() -> BucketName.of(name), ErrorCode.INVALID_BUCKET_NAME)
                .hasMessage("The specified bucket is not valid.");
    }
}
