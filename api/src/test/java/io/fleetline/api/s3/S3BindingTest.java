package io.fleetline.api.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests bound into their operation's input, as the CLIs and the SDK send them (captured, signatures left out). */
class S3BindingTest {

    @Nested
    class UriQueryAndHeaders {
        @Test
        void a_put_from_the_cli_v2_carries_its_metadata_type_and_digest() {
            Recorder put = new Recorder();

            S3Response response = Wire.of("""
                    PUT /my-iot-firmware/devices/fw.bin
                    Host: 127.0.0.1:8080
                    Content-Type: application/octet-stream
                    x-amz-meta-version: 2.1.0
                    x-amz-meta-checksum: abc
                    Content-MD5: XUFAKrxLKna5cZ2REBfFkg==
                    Expect: 100-continue
                    X-Amz-Content-SHA256: 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824
                    Content-Length: 5

                    hello""").sentTo(put.endpointFor("PutObject"));

            assertThat(response.status()).isEqualTo(200);
            JsonNode input = put.input();
            assertThat(input.path("Bucket").asText()).isEqualTo("my-iot-firmware");
            assertThat(input.path("Key").asText()).isEqualTo("devices/fw.bin");
            assertThat(input.path("ContentType").asText()).isEqualTo("application/octet-stream");
            assertThat(input.path("ContentMD5").asText()).isEqualTo("XUFAKrxLKna5cZ2REBfFkg==");
            assertThat(input.path("ContentLength").asLong()).isEqualTo(5);
            assertThat(input.path("Metadata").path("version").asText()).isEqualTo("2.1.0");
            assertThat(input.path("Metadata").path("checksum").asText()).isEqualTo("abc");
            assertThat(input.has("Body")).isFalse();  // the stream went to the handler unread
            assertThat(new String(put.bodies.get(0), StandardCharsets.UTF_8)).isEqualTo("hello");
        }

        @Test
        void a_put_from_the_cli_v1_carries_its_checksum_header() {
            Recorder put = new Recorder();

            Wire.of("""
                    PUT /my-iot-firmware/devices/fw.bin
                    Host: 127.0.0.1:8080
                    x-amz-meta-version: 2.1.0
                    x-amz-checksum-crc32: NhCmhg==
                    x-amz-sdk-checksum-algorithm: CRC32
                    Content-Length: 5

                    hello""").sentTo(put.endpointFor("PutObject"));

            assertThat(put.input().path("ChecksumCRC32").asText()).isEqualTo("NhCmhg==");
            assertThat(put.input().path("ChecksumAlgorithm").asText()).isEqualTo("CRC32");
        }

        @Test
        void an_aws_chunked_upload_has_the_decoded_length_and_no_aws_chunked_coding() {
            Recorder put = new Recorder();

            Wire.of("""
                    PUT /k
                    Host: my-bucket.localhost:18713
                    Content-Encoding: gzip, aws-chunked
                    x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER
                    x-amz-decoded-content-length: 5
                    x-amz-trailer: x-amz-checksum-crc32
                    Content-Length: 298""").sentTo(put.endpointFor("PutObject"));

            assertThat(put.input().path("ContentLength").asLong()).isEqualTo(5);
            assertThat(put.input().path("ContentEncoding").asText()).isEqualTo("gzip");
            assertThat(put.input().path("Bucket").asText()).isEqualTo("my-bucket");
            assertThat(put.input().path("Key").asText()).isEqualTo("k");
        }

        @Test
        void a_part_from_the_sdk_has_its_number_and_upload() {
            Recorder part = new Recorder();

            Wire.of("""
                    PUT /k?partNumber=3&uploadId=U
                    Host: my-bucket.localhost:18713
                    Content-Encoding: aws-chunked
                    x-amz-decoded-content-length: 5
                    Content-Length: 298""").sentTo(part.endpointFor("UploadPart"));

            assertThat(part.input().path("PartNumber").asInt()).isEqualTo(3);
            assertThat(part.input().path("UploadId").asText()).isEqualTo("U");
            assertThat(part.input().path("ContentLength").asLong()).isEqualTo(5);
        }

        @Test
        void a_ranged_conditional_get_of_a_version_from_the_cli() {
            Recorder get = new Recorder();

            Wire.of("""
                    GET /my-iot-firmware/devices/fw.bin?versionId=v1
                    Host: 127.0.0.1:8080
                    If-Modified-Since: Mon, 01 Jan 2024 00:00:00 GMT
                    Range: bytes=0-1
                    x-amz-checksum-mode: ENABLED""").sentTo(get.endpointFor("GetObject"));

            JsonNode input = get.input();
            assertThat(input.path("VersionId").asText()).isEqualTo("v1");
            assertThat(input.path("Range").asText()).isEqualTo("bytes=0-1");
            assertThat(input.path("ChecksumMode").asText()).isEqualTo("ENABLED");
            assertThat(input.path("IfModifiedSince").decimalValue())
                    .isEqualByComparingTo(Long.toString(Instant.parse("2024-01-01T00:00:00Z").getEpochSecond()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"Monday, 01-Jan-24 00:00:00 GMT", "Mon Jan  1 00:00:00 2024"})
        void the_obsolete_http_date_forms_are_read_too(String date) {
            Recorder head = new Recorder();

            Wire.of("HEAD /b/k\nHost: localhost\nIf-Unmodified-Since: " + date).sentTo(head.endpointFor("HeadObject"));

            assertThat(head.input().path("IfUnmodifiedSince").longValue())
                    .isEqualTo(Instant.parse("2024-01-01T00:00:00Z").getEpochSecond());
        }

        @Test
        void a_conditional_with_a_date_that_is_none_is_ignored_as_http_says() {
            Recorder get = new Recorder();

            S3Response response = Wire.of("GET /b/k\nHost: localhost\nIf-Modified-Since: yesterday")
                    .sentTo(get.endpointFor("GetObject"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(get.input().has("IfModifiedSince")).isFalse();
        }

        @Test
        void a_listing_from_the_cli_has_its_decoded_query_members() {
            Recorder list = new Recorder();

            Wire.of("GET /my-iot-firmware?list-type=2&delimiter=%2F&prefix=devices%2Fa%20b%2Bc&max-keys=50"
                    + "&encoding-type=url&fetch-owner=true\nHost: 127.0.0.1").sentTo(list.endpointFor("ListObjectsV2"));

            JsonNode input = list.input();
            assertThat(input.path("Delimiter").asText()).isEqualTo("/");
            assertThat(input.path("Prefix").asText()).isEqualTo("devices/a b+c");
            assertThat(input.path("MaxKeys").isInt() || input.path("MaxKeys").isBigInteger()).isTrue();
            assertThat(input.path("MaxKeys").asInt()).isEqualTo(50);
            assertThat(input.path("EncodingType").asText()).isEqualTo("url");
            assertThat(input.path("FetchOwner").asBoolean()).isTrue();
        }

        @Test
        void a_value_of_the_wrong_type_is_invalid_argument_naming_the_member() {
            Recorder list = new Recorder();

            S3Response response = Wire.of("GET /b?list-type=2&max-keys=ten\nHost: localhost")
                    .sentTo(list.endpointFor("ListObjectsV2"));

            assertThat(response.status()).isEqualTo(400);
            assertThat(Wire.text(response)).contains("<Code>InvalidArgument</Code>").contains("MaxKeys");
            assertThat(list.inputs).isEmpty();
        }

        @Test
        void a_header_outside_its_enum_is_invalid_argument() {
            Recorder copy = new Recorder();

            S3Response response = Wire.of("PUT /b/k\nHost: localhost\nx-amz-copy-source: src/k\n"
                    + "x-amz-metadata-directive: MERGE").sentTo(copy.endpointFor("CopyObject"));

            assertThat(response.status()).isEqualTo(400);
            assertThat(Wire.text(response)).contains("<Code>InvalidArgument</Code>").contains("MetadataDirective");
        }
    }

    @Nested
    class XmlPayloads {
        @Test
        void create_bucket_configuration_from_the_cli() {
            Recorder create = new Recorder();

            Wire.of("""
                    PUT /my-eu-bucket
                    Host: 127.0.0.1:8080
                    Content-Length: 153

                    <CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\
                    <LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>""")
                    .sentTo(create.endpointFor("CreateBucket"));

            assertThat(create.input().path("CreateBucketConfiguration").path("LocationConstraint").asText())
                    .isEqualTo("eu-west-1");
        }

        @Test
        void a_bucket_created_without_a_body_has_no_configuration() {
            Recorder create = new Recorder();

            Wire.of("PUT /my-iot-firmware\nHost: 127.0.0.1\nContent-Length: 0").sentTo(create.endpointFor("CreateBucket"));

            assertThat(create.input().has("CreateBucketConfiguration")).isFalse();
            assertThat(create.input().path("Bucket").asText()).isEqualTo("my-iot-firmware");
        }

        @Test
        void a_batch_delete_from_the_cli_v1_with_its_crc32() {
            Recorder delete = new Recorder();

            S3Response response = Wire.of("""
                    POST /my-iot-firmware?delete
                    Host: 127.0.0.1:8080
                    x-amz-checksum-crc32: UaYRLA==
                    x-amz-sdk-checksum-algorithm: CRC32
                    Content-Length: 172

                    <Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a</Key></Object>\
                    <Object><Key>b c/ü</Key><VersionId>v2</VersionId></Object><Quiet>true</Quiet></Delete>""")
                    .sentTo(delete.endpointFor("DeleteObjects"));

            assertThat(response.status()).isEqualTo(200);
            JsonNode objects = delete.input().path("Delete").path("Objects");
            assertThat(objects).hasSize(2);
            assertThat(objects.get(0).path("Key").asText()).isEqualTo("a");
            assertThat(objects.get(1).path("Key").asText()).isEqualTo("b c/ü");
            assertThat(objects.get(1).path("VersionId").asText()).isEqualTo("v2");
            assertThat(delete.input().path("Delete").path("Quiet").asBoolean()).isTrue();
        }

        @Test
        void versioning_from_the_cli_v2_with_its_content_md5() {
            Recorder versioning = new Recorder();

            S3Response response = Wire.of("""
                    PUT /my-iot-firmware?versioning
                    Host: 127.0.0.1:8080
                    Content-MD5: QQFYoy/mRYV9PGZUfFi0Bw==
                    Content-Length: 123

                    <VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\
                    <Status>Enabled</Status></VersioningConfiguration>""")
                    .sentTo(versioning.endpointFor("PutBucketVersioning"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(versioning.input().path("VersioningConfiguration").path("Status").asText()).isEqualTo("Enabled");
        }

        @Test
        void the_parts_of_a_completed_upload_from_the_sdk() {
            Recorder complete = new Recorder();

            Wire.of("""
                    POST /my-bucket/k?uploadId=U
                    Host: 127.0.0.1:18713
                    Content-Type: application/xml

                    <?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload \
                    xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Part><ETag>&quot;e1&quot;</ETag>\
                    <PartNumber>1</PartNumber></Part><Part><ETag>"e2"</ETag><PartNumber>2</PartNumber>\
                    <ChecksumCRC32>NhCmhg==</ChecksumCRC32></Part></CompleteMultipartUpload>""")
                    .sentTo(complete.endpointFor("CompleteMultipartUpload"));

            JsonNode parts = complete.input().path("MultipartUpload").path("Parts");
            assertThat(parts).hasSize(2);
            assertThat(parts.get(0).path("ETag").asText()).isEqualTo("\"e1\"");
            assertThat(parts.get(1).path("PartNumber").asInt()).isEqualTo(2);
            assertThat(parts.get(1).path("ChecksumCRC32").asText()).isEqualTo("NhCmhg==");
            assertThat(complete.input().path("UploadId").asText()).isEqualTo("U");
        }

        @Test
        void comments_cdata_and_unknown_elements_are_read_past() {
            Recorder versioning = new Recorder();

            Wire.of("""
                    PUT /b?versioning
                    Host: localhost

                    <!-- a comment --><VersioningConfiguration><Future><Nested>x</Nested></Future>\
                    <Status><![CDATA[Suspended]]></Status></VersioningConfiguration>""")
                    .sentTo(versioning.endpointFor("PutBucketVersioning"));

            assertThat(versioning.input().path("VersioningConfiguration").path("Status").asText()).isEqualTo("Suspended");
        }
    }
}
