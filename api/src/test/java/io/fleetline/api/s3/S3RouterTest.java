package io.fleetline.api.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.api.binding.RawRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Routing of requests as the AWS CLI v2 and v1 and the Java SDK v2 send them to {@code --endpoint-url}. */
class S3RouterTest {
    private static final S3Router ROUTER = new S3Router(S3TestServer.S3, List.of("localhost", "fleet.example.com"));

    private static S3Route route(String request) {
        return ROUTER.route(Wire.of(request).head());
    }

    /** Both CLIs send path-style to a custom endpoint, {@code localhost} included (captured from 2.9.19 and 1.45.11). */
    @Nested
    class CliPathStyle {
        @ParameterizedTest(name = "{0} {1} is {2}")
        @CsvSource(delimiter = '|', value = {
            "PUT    | /my-iot-firmware                                                    | CreateBucket",
            "DELETE | /my-iot-firmware                                                    | DeleteBucket",
            "HEAD   | /my-iot-firmware                                                    | HeadBucket",
            "GET    | /                                                                   | ListBuckets",
            "GET    | /my-iot-firmware?location                                           | GetBucketLocation",
            "PUT    | /my-iot-firmware?versioning                                         | PutBucketVersioning",
            "GET    | /my-iot-firmware?versioning                                         | GetBucketVersioning",
            "PUT    | /my-iot-firmware/devices/fw.bin                                     | PutObject",
            "GET    | /my-iot-firmware/devices/fw.bin?versionId=v1                        | GetObject",
            "HEAD   | /my-iot-firmware/devices/fw.bin                                     | HeadObject",
            "DELETE | /my-iot-firmware/devices/fw.bin?versionId=v1                        | DeleteObject",
            "POST   | /my-iot-firmware?delete                                             | DeleteObjects",
            "GET    | /my-iot-firmware?list-type=2&delimiter=%2F&prefix=devices%2F&encoding-type=url | ListObjectsV2",
            "GET    | /my-iot-firmware?list-type=2&prefix=&encoding-type=url              | ListObjectsV2",
            "GET    | /my-iot-firmware?prefix=devices%2F&encoding-type=url                | ListObjects",
            "GET    | /my-iot-firmware?versions&encoding-type=url                         | ListObjectVersions",
            "POST   | /my-iot-firmware/big.bin?uploads                                    | CreateMultipartUpload",
            "PUT    | /my-iot-firmware/big.bin?partNumber=1&uploadId=UP1                  | UploadPart",
            "POST   | /my-iot-firmware/big.bin?uploadId=UP1                               | CompleteMultipartUpload",
            "DELETE | /my-iot-firmware/big.bin?uploadId=UP1                               | AbortMultipartUpload",
            "GET    | /my-iot-firmware/big.bin?uploadId=UP1                               | ListParts",
            "GET    | /my-iot-firmware?uploads                                            | ListMultipartUploads",
        })
        void every_operation_of_the_subset(String method, String target, String operation) {
            assertThat(route(method + " " + target + "\nHost: 127.0.0.1:8080").operation().name()).isEqualTo(operation);
        }

        @Test
        void a_copy_is_told_from_a_put_by_its_source_header() {
            assertThat(route("""
                    PUT /my-iot-firmware/copy.bin
                    Host: localhost:8080
                    x-amz-copy-source: my-iot-firmware/devices/fw.bin?versionId=v1
                    x-amz-metadata-directive: REPLACE""").operation().name()).isEqualTo("CopyObject");
            assertThat(route("""
                    PUT /my-iot-firmware/big.bin?partNumber=2&uploadId=UP1
                    Host: localhost:8080
                    x-amz-copy-source: my-iot-firmware/devices/fw.bin
                    x-amz-copy-source-range: bytes=0-4""").operation().name()).isEqualTo("UploadPartCopy");
        }

        @Test
        void the_bucket_and_key_are_decoded_once_with_a_plus_kept() {
            S3Route route = route("HEAD /my-bucket/a%20b/c%2Bd%25e/%C3%BC+f%2Fg\nHost: 127.0.0.1:8080");

            assertThat(route.bucket()).contains("my-bucket");
            assertThat(route.key()).contains("a b/c+d%e/ü+f/g");
            assertThat(route.resource()).isEqualTo("/my-bucket/a b/c+d%e/ü+f/g");
        }

        @ParameterizedTest
        @CsvSource({"/b/dir/, dir/", "/b/a//b, a//b", "/b//lead, /lead", "'/b/..%2F..%2Fetc/passwd', ../../etc/passwd"})
        void a_key_keeps_its_empty_segments_and_trailing_slash(String path, String key) {
            assertThat(route("PUT " + path + "\nHost: 127.0.0.1").key()).contains(key);
        }

        @Test
        void a_bucket_with_a_trailing_slash_is_the_bucket() {
            S3Route route = route("PUT /my-bucket/\nHost: 127.0.0.1");

            assertThat(route.operation().name()).isEqualTo("CreateBucket");
            assertThat(route.key()).isEmpty();
        }
    }

    /** The Java SDK v2 with {@code forcePathStyle(false)} on {@code http://localhost:port} (captured from 2.40.2). */
    @Nested
    class VirtualHosted {
        @ParameterizedTest(name = "{0} {1} on {2} is {3}")
        @CsvSource(delimiter = '|', value = {
            "PUT  | /                              | my-bucket.localhost:18713        | CreateBucket",
            "GET  | /?list-type=2&delimiter=%2F&prefix=p%2F | my-bucket.localhost:18713 | ListObjectsV2",
            "GET  | /                              | my-bucket.localhost              | ListObjects",
            "POST | /?delete                       | my-bucket.localhost:18713        | DeleteObjects",
            "PUT  | /k?partNumber=3&uploadId=U     | my-bucket.localhost:18713        | UploadPart",
            "GET  | /                              | localhost:18713                  | ListBuckets",
            "HEAD | /                              | my-bucket.fleet.example.com      | HeadBucket",
            "GET  | /                              | my-bucket.s3.amazonaws.com       | ListObjects",
            "GET  | /?versioning                   | my.dotted.bucket.s3.eu-west-1.amazonaws.com | GetBucketVersioning",
            "GET  | /                              | s3.eu-west-1.amazonaws.com       | ListBuckets",
        })
        void the_host_names_the_bucket(String method, String target, String host, String operation) {
            assertThat(route(method + " " + target + "\nHost: " + host).operation().name()).isEqualTo(operation);
        }

        @Test
        void the_whole_path_is_the_key() {
            S3Route route = route("PUT /a%20b/c%2Bd%25e/%C3%BC\nHost: My-Bucket.LOCALHOST:18713");

            assertThat(route.operation().name()).isEqualTo("PutObject");
            assertThat(route.bucket()).contains("my-bucket");
            assertThat(route.key()).contains("a b/c+d%e/ü");
        }

        @ParameterizedTest
        @CsvSource({"my-bucket.s3.amazonaws.com, my-bucket", "my-bucket.s3-eu-west-1.amazonaws.com, my-bucket",
                "my-bucket.s3.dualstack.us-east-1.amazonaws.com, my-bucket", "s3.s3.amazonaws.com, s3"})
        void on_aws_host_names(String host, String bucket) {
            assertThat(route("GET /k\nHost: " + host).bucket()).contains(bucket);
        }

        @ParameterizedTest
        @CsvSource({"127.0.0.1:8080", "[::1]:8080", "s3.amazonaws.com", "other.example.com", "localhost"})
        void other_hosts_are_path_style(String host) {
            S3Route route = route("GET /bucket/key\nHost: " + host);

            assertThat(route.bucket()).contains("bucket");
            assertThat(route.key()).contains("key");
        }
    }

    @Nested
    class MostSpecific {
        @ParameterizedTest(name = "PUT {0} with {1} is {2}")
        @CsvSource(delimiter = '|', value = {
            "/b/k                          |                                  | PutObject",
            "/b/k?partNumber=1             |                                  | PutObject",
            "/b/k?partNumber=1&uploadId=u  |                                  | UploadPart",
            "/b/k                          | x-amz-copy-source: src/key       | CopyObject",
            "/b/k?partNumber=1&uploadId=u  | x-amz-copy-source: src/key       | UploadPartCopy",
            "/b/k?tagging&partNumber=1&uploadId=u |                           | PutObjectTagging",
            "/b/k?acl                      | x-amz-copy-source: src/key       | PutObjectAcl",
        })
        void the_query_literal_then_the_required_members_decide(String target, String header, String operation) {
            String request = "PUT " + target + "\nHost: localhost" + (header == null ? "" : "\n" + header);

            assertThat(route(request).operation().name()).isEqualTo(operation);
        }

        @Test
        void a_literal_with_a_value_must_have_that_value() {
            assertThat(route("GET /b?list-type=1\nHost: localhost").operation().name()).isEqualTo("ListObjects");
        }

        @Test
        void an_operation_outside_the_subset_is_still_found() {
            assertThat(route("GET /b?tagging\nHost: localhost").operation().name()).isEqualTo("GetBucketTagging");
        }
    }

    @Nested
    class Refused {
        @ParameterizedTest
        @CsvSource({"POST, /b/k", "PATCH, /b/k", "PUT, /", "DELETE, /", "POST, /b", "OPTIONS, /b"})
        void a_request_no_operation_takes_is_method_not_allowed(String method, String path) {
            assertThatThrownBy(() -> route(method + " " + path + "\nHost: localhost"))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.code()).isEqualTo("MethodNotAllowed");
                        assertThat(e.status()).isEqualTo(405);
                        assertThat(e.elements()).containsEntry("Method", method);
                    });
        }

        @ParameterizedTest
        @CsvSource({"/b/a%zz", "/b/a%2", "/b/%C3%28", "/b%ZZ/k", "//k", "*"})
        void a_path_that_does_not_decode_is_invalid_uri(String path) {
            assertThatThrownBy(() -> route("GET " + path + "\nHost: localhost"))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo("InvalidURI"));
        }

        @Test
        void a_query_that_does_not_decode_is_invalid_uri() {
            assertThatThrownBy(() -> route("GET /b?prefix=%zz\nHost: localhost"))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo("InvalidURI"));
        }
    }

    @Test
    void a_request_without_a_host_is_path_style() {
        assertThat(ROUTER.route(new RawRequest("GET", "/b/k", "", Map.of(), new byte[0])).bucket())
                .isEqualTo(Optional.of("b"));
    }
}
