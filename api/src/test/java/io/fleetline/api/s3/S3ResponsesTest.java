package io.fleetline.api.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.Output;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Outputs written as S3 writes them: statuses, headers and XML documents. */
class S3ResponsesTest {
    private static final Instant WHEN = Instant.parse("2009-10-12T17:50:30.123Z");

    private static S3Response answer(String operation, String request, S3Result result) {
        return Wire.of(request).sentTo(new Recorder(call -> result).endpointFor(operation));
    }

    @Nested
    class StatusesAndHeaders {
        @Test
        void a_deleted_object_is_204_with_its_marker_and_version() {
            S3Response response = answer("DeleteObject", "DELETE /b/k\nHost: localhost",
                    S3Result.of(Output.object().put("DeleteMarker", true).put("VersionId", "3/L4kqtJl")));

            assertThat(response.status()).isEqualTo(204);
            assertThat(response.headers()).containsEntry("x-amz-delete-marker", "true")
                    .containsEntry("x-amz-version-id", "3/L4kqtJl");
            assertThat(response.body()).isEmpty();
        }

        @Test
        void a_created_bucket_is_200_with_its_location() {
            S3Response response = answer("CreateBucket", "PUT /b\nHost: localhost",
                    S3Result.of(Output.object().put("Location", "/b")));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).containsEntry("Location", "/b");
        }

        @Test
        void every_answer_carries_its_request_id() {
            S3Response response = answer("DeleteBucket", "DELETE /b\nHost: localhost", S3Result.empty());

            assertThat(response.status()).isEqualTo(204);
            assertThat(response.headers()).containsEntry("x-amz-request-id", "req-1").containsKey("x-amz-id-2");
        }

        @Test
        void an_object_streams_with_its_headers_and_http_dates() {
            ObjectNode out = Output.object().put("ETag", "\"abc\"").put("ContentLength", 12)
                    .put("ContentType", "text/plain").put("AcceptRanges", "bytes").put("VersionId", "v1");
            out.set("LastModified", Output.timestamp(WHEN));
            out.putObject("Metadata").put("version", "2.1.0");
            ResponsePayload.Streamed bytes = new ResponsePayload.Streamed(new ByteArrayInputStream(new byte[12]), 12);

            S3Response response = answer("GetObject", "GET /b/k\nHost: localhost", S3Result.of(out, bytes));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).containsEntry("ETag", "\"abc\"").containsEntry("Content-Length", "12")
                    .containsEntry("Content-Type", "text/plain").containsEntry("accept-ranges", "bytes")
                    .containsEntry("Last-Modified", "Mon, 12 Oct 2009 17:50:30 GMT")
                    .containsEntry("x-amz-meta-version", "2.1.0").containsEntry("x-amz-version-id", "v1");
            assertThat(response.payload()).containsSame(bytes);
            assertThat(response.body()).isEmpty();
        }

        @Test
        void a_ranged_read_is_206() {
            S3Response response = answer("GetObject", "GET /b/k\nHost: localhost\nRange: bytes=0-1",
                    S3Result.of(Output.object().put("ContentRange", "bytes 0-1/12").put("ContentLength", 2),
                            new ResponsePayload.Streamed(new ByteArrayInputStream(new byte[2]), 2)));

            assertThat(response.status()).isEqualTo(206);
            assertThat(response.headers()).containsEntry("Content-Range", "bytes 0-1/12");
        }

        @Test
        void a_head_has_the_headers_but_neither_body_nor_payload_and_lets_go_of_the_stream() {
            AtomicBoolean closed = new AtomicBoolean();
            ByteArrayInputStream stream = new ByteArrayInputStream(new byte[12]) {
                @Override
                public void close() {
                    closed.set(true);
                }
            };

            S3Response response = answer("HeadObject", "HEAD /b/k\nHost: localhost", S3Result.of(
                    Output.object().put("ContentLength", 12), new ResponsePayload.Streamed(stream, 12)));

            assertThat(response.headers()).containsEntry("Content-Length", "12");
            assertThat(response.payload()).isEmpty();
            assertThat(closed).isTrue();
        }

        @Test
        void a_header_value_cannot_split_the_head() {
            ObjectNode out = Output.object();
            out.putObject("Metadata").put("note", "a\r\nSet-Cookie: x=1");

            S3Response response = answer("HeadObject", "HEAD /b/k\nHost: localhost", S3Result.of(out));

            assertThat(response.headers()).containsEntry("x-amz-meta-note", "a  Set-Cookie: x=1");
        }
    }

    @Nested
    class Documents {
        @Test
        void a_listing_is_a_list_bucket_result_with_repeated_contents_and_prefixes() {
            ObjectNode out = Output.object().put("Name", "b").put("Prefix", "").put("KeyCount", 1).put("MaxKeys", 1000)
                    .put("IsTruncated", false);
            ObjectNode object = out.putArray("Contents").addObject().put("Key", "a&b<c>.bin").put("Size", 5)
                    .put("ETag", "\"e\"");
            object.set("LastModified", Output.timestamp(WHEN));
            object.putArray("ChecksumAlgorithm").add("CRC32");
            out.putArray("CommonPrefixes").add(Output.object().put("Prefix", "dir/"))
                    .add(Output.object().put("Prefix", "other/"));

            S3Response response = answer("ListObjectsV2", "GET /b?list-type=2\nHost: localhost", S3Result.of(out));

            assertThat(response.headers()).containsEntry("Content-Type", "application/xml");
            assertThat(Wire.text(response)).isEqualTo("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IsTruncated>false</IsTruncated>\
                    <Contents><Key>a&amp;b&lt;c&gt;.bin</Key><LastModified>2009-10-12T17:50:30.123Z</LastModified>\
                    <ETag>&quot;e&quot;</ETag><ChecksumAlgorithm>CRC32</ChecksumAlgorithm><Size>5</Size></Contents>\
                    <Name>b</Name><Prefix></Prefix><MaxKeys>1000</MaxKeys><CommonPrefixes><Prefix>dir/</Prefix>\
                    </CommonPrefixes><CommonPrefixes><Prefix>other/</Prefix></CommonPrefixes><KeyCount>1</KeyCount>\
                    </ListBucketResult>""");
        }

        @Test
        void a_listing_asked_url_encoded_encodes_its_keys_and_says_so() {
            ObjectNode out = Output.object().put("Prefix", "a b/").put("Delimiter", "/").put("StartAfter", "a b/0");
            out.putArray("Contents").addObject().put("Key", "a b/v2+1 ü.bin").put("Size", 1);
            out.putArray("CommonPrefixes").add(Output.object().put("Prefix", "a b/c&d/"));

            String xml = Wire.text(answer("ListObjectsV2", "GET /b?list-type=2&encoding-type=url&prefix=a%20b%2F\n"
                    + "Host: localhost", S3Result.of(out)));

            assertThat(xml).contains("<Key>a+b/v2%2B1+%C3%BC.bin</Key>", "<Prefix>a+b/</Prefix>",
                    "<Prefix>a+b/c%26d/</Prefix>", "<StartAfter>a+b/0</StartAfter>", "<Delimiter>/</Delimiter>",
                    "<EncodingType>url</EncodingType>", "<Size>1</Size>");
        }

        @Test
        void the_location_constraint_is_the_documents_text() {
            assertThat(Wire.text(answer("GetBucketLocation", "GET /b?location\nHost: localhost",
                    S3Result.of(Output.object().put("LocationConstraint", "eu-west-1"))))).isEqualTo("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>""");
            assertThat(Wire.text(answer("GetBucketLocation", "GET /b?location\nHost: localhost", S3Result.empty())))
                    .endsWith("<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></LocationConstraint>");
        }

        @Test
        void buckets_are_wrapped_one_element_each() {
            ObjectNode out = Output.object();
            out.putArray("Buckets").add(Output.object().put("Name", "b1").set("CreationDate", Output.timestamp(WHEN)));
            out.putObject("Owner").put("ID", "000000000000");

            assertThat(Wire.text(answer("ListBuckets", "GET /\nHost: localhost", S3Result.of(out)))).endsWith(
                    "<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Buckets><Bucket>"
                    + "<Name>b1</Name><CreationDate>2009-10-12T17:50:30.123Z</CreationDate></Bucket></Buckets>"
                    + "<Owner><ID>000000000000</ID></Owner></ListAllMyBucketsResult>");
        }

        @Test
        void a_batch_delete_answers_deleted_and_error_elements() {
            ObjectNode out = Output.object();
            out.putArray("Deleted").add(Output.object().put("Key", "a").put("DeleteMarker", true)
                    .put("DeleteMarkerVersionId", "dm"));
            out.putArray("Errors").add(Output.object().put("Key", "b").put("Code", "AccessDenied")
                    .put("Message", "Access Denied"));

            assertThat(Wire.text(answer("DeleteObjects", """
                    POST /b?delete
                    Host: localhost

                    <Delete><Object><Key>a</Key></Object><Object><Key>b</Key></Object></Delete>""",
                    S3Result.of(out)))).endsWith("<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<Deleted><Key>a</Key><DeleteMarker>true</DeleteMarker><DeleteMarkerVersionId>dm"
                    + "</DeleteMarkerVersionId></Deleted><Error><Key>b</Key><Code>AccessDenied</Code><Message>"
                    + "Access Denied</Message></Error></DeleteResult>");
        }

        @Test
        void a_copy_answers_its_result_document_and_version_headers() {
            ObjectNode out = Output.object().put("VersionId", "v9");
            out.putObject("CopyObjectResult").put("ETag", "\"e\"").set("LastModified", Output.timestamp(WHEN));

            S3Response response = answer("CopyObject", "PUT /b/k\nHost: localhost\nx-amz-copy-source: src/k",
                    S3Result.of(out));

            assertThat(response.headers()).containsEntry("x-amz-version-id", "v9");
            assertThat(Wire.text(response)).endsWith("<CopyObjectResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<ETag>&quot;e&quot;</ETag><LastModified>2009-10-12T17:50:30.123Z</LastModified>"
                    + "</CopyObjectResult>");
        }

        @Test
        void an_initiated_upload_and_versioning_have_their_s3_roots() {
            assertThat(Wire.text(answer("CreateMultipartUpload", "POST /b/k?uploads\nHost: localhost",
                    S3Result.of(Output.object().put("Bucket", "b").put("Key", "k").put("UploadId", "u")))))
                    .contains("<InitiateMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                            + "<Bucket>b</Bucket><Key>k</Key><UploadId>u</UploadId></InitiateMultipartUploadResult>");
            assertThat(Wire.text(answer("GetBucketVersioning", "GET /b?versioning\nHost: localhost",
                    S3Result.empty()))).endsWith("<VersioningConfiguration "
                    + "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></VersioningConfiguration>");
        }

        @Test
        void a_key_with_control_characters_survives_as_character_references() {
            ObjectNode out = Output.object();
            out.putArray("Contents").addObject().put("Key", "line\r\nbreak\u0001");

            assertThat(Wire.text(answer("ListObjects", "GET /b\nHost: localhost", S3Result.of(out))))
                    .contains("<Key>line&#13;\nbreak&#1;</Key>");
        }

        @Test
        void an_output_without_body_members_has_no_body() {
            S3Response response = answer("PutObject", "PUT /b/k\nHost: localhost",
                    S3Result.of(Output.object().put("ETag", "\"e\"")));

            assertThat(response.body()).isEmpty();
            assertThat(response.headers()).doesNotContainKey("Content-Type");
        }
    }
}
