package io.fleetline.api.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Put/Get/DeleteBucketEncryption on the wire. */
class BucketEncryptionOperationsTest extends S3Fixture {

    @Test
    void sse_s3_put_is_answered_back_with_bucket_key_as_given() {
        createBucket(BUCKET);

        Reply put = putEncryption(BUCKET, rule("AES256", "<BucketKeyEnabled>true</BucketKeyEnabled>"));
        Reply got = get("/" + BUCKET + "?encryption");

        assertThat(put.status()).isEqualTo(200);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.xml()).contains("<ServerSideEncryptionConfiguration xmlns=\"http://s3.amazonaws.com/doc/"
                + "2006-03-01/\"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm>"
                + "</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled></Rule>");
    }

    @Test
    void without_bucket_key_the_answer_has_no_bucket_key_element() {
        createBucket(BUCKET);

        putEncryption(BUCKET, rule("AES256", ""));
        Reply got = get("/" + BUCKET + "?encryption");

        assertThat(got.one("SSEAlgorithm")).isEqualTo("AES256");
        assertThat(got.all("BucketKeyEnabled")).isEmpty();
    }

    @Test
    void a_bucket_without_a_configuration_put_is_ServerSideEncryptionConfigurationNotFoundError() {
        createBucket(BUCKET);

        Reply none = get("/" + BUCKET + "?encryption");

        assertThat(none.status()).isEqualTo(404);
        assertThat(none.code()).isEqualTo("ServerSideEncryptionConfigurationNotFoundError");
        assertThat(none.one("BucketName")).isEqualTo(BUCKET);
    }

    @Test
    void delete_answers_204_and_the_configuration_is_gone() {
        createBucket(BUCKET);
        putEncryption(BUCKET, rule("AES256", ""));

        Reply deleted = request("DELETE", "/" + BUCKET + "?encryption").send();
        Reply got = get("/" + BUCKET + "?encryption");

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(got.code()).isEqualTo("ServerSideEncryptionConfigurationNotFoundError");
    }

    @Test
    void kms_and_dsse_kms_are_NotImplemented_saying_there_is_no_kms_and_nothing_is_kept() {
        createBucket(BUCKET);

        Reply kms = putEncryption(BUCKET, rule("aws:kms", "<BucketKeyEnabled>true</BucketKeyEnabled>"));
        Reply dsse = putEncryption(BUCKET, rule("aws:kms:dsse", ""));

        assertThat(kms.status()).isEqualTo(501);
        assertThat(kms.code()).isEqualTo("NotImplemented");
        assertThat(kms.one("Message")).contains("aws:kms").contains("no KMS");
        assertThat(dsse.status()).isEqualTo(501);
        assertThat(dsse.one("Message")).contains("aws:kms:dsse");
        assertThat(get("/" + BUCKET + "?encryption").status()).isEqualTo(404);
    }

    @Test
    void an_unknown_algorithm_no_rule_or_two_rules_are_MalformedXML() {
        createBucket(BUCKET);
        String aes = "<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm>"
                + "</ApplyServerSideEncryptionByDefault></Rule>";

        Reply unknown = putEncryption(BUCKET, rule("ROT13", ""));
        Reply none = putEncryption(BUCKET, configuration(""));
        Reply two = putEncryption(BUCKET, configuration(aes + aes));

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.code()).isEqualTo("MalformedXML");
        assertThat(none.code()).isEqualTo("MalformedXML");
        assertThat(two.code()).isEqualTo("MalformedXML");
        assertThat(get("/" + BUCKET + "?encryption").status()).isEqualTo(404);
    }

    @Test
    void a_kms_key_id_with_aes256_is_InvalidArgument() {
        createBucket(BUCKET);

        Reply refused = putEncryption(BUCKET, configuration("<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>"
                + "AES256</SSEAlgorithm><KMSMasterKeyID>arn:aws:kms:eu-west-1:123456789012:key/1</KMSMasterKeyID>"
                + "</ApplyServerSideEncryptionByDefault></Rule>"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("InvalidArgument");
    }

    @Test
    void every_encryption_operation_on_a_missing_bucket_is_NoSuchBucket() {
        Reply put = putEncryption("no-such-bucket", rule("AES256", ""));
        Reply got = get("/no-such-bucket?encryption");
        Reply deleted = request("DELETE", "/no-such-bucket?encryption").send();

        for (Reply reply : new Reply[] {put, got, deleted}) {
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.code()).isEqualTo("NoSuchBucket");
        }
    }

    @Test
    void a_deleted_and_recreated_bucket_has_no_configuration() {
        createBucket(BUCKET);
        putEncryption(BUCKET, rule("AES256", ""));

        request("DELETE", "/" + BUCKET).send();
        createBucket(BUCKET);

        assertThat(get("/" + BUCKET + "?encryption").status()).isEqualTo(404);
    }

    private Reply putEncryption(String bucket, String body) {
        return request("PUT", "/" + bucket + "?encryption").body(body).send();
    }

    private static String rule(String algorithm, String more) {
        return configuration("<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>" + algorithm
                + "</SSEAlgorithm></ApplyServerSideEncryptionByDefault>" + more + "</Rule>");
    }

    private static String configuration(String rules) {
        return "<ServerSideEncryptionConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" + rules
                + "</ServerSideEncryptionConfiguration>";
    }
}
