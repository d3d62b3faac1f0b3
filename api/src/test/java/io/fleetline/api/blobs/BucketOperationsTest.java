package io.fleetline.api.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** CreateBucket, DeleteBucket, HeadBucket, ListBuckets, GetBucketLocation, Put/GetBucketVersioning on the wire. */
class BucketOperationsTest extends S3Fixture {

    @Test
    void a_created_bucket_is_listed_with_its_creation_date_region_and_the_account_as_owner() {
        Reply created = request("PUT", "/" + BUCKET).body("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com"
                + "/doc/2006-03-01/\"><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>")
                .send();
        createBucket("another-bucket");

        Reply list = get("/");

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.header("Location")).isEqualTo("/" + BUCKET);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.xml()).startsWith("<?xml").contains("<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        assertThat(list.all("Name")).containsExactly("another-bucket", BUCKET);
        assertThat(list.all("CreationDate")).containsOnly("2026-06-01T12:00:00.000Z");
        assertThat(list.all("BucketRegion")).containsOnly("eu-west-1");
        assertThat(list.one("ID")).isEqualTo(ACCOUNT);
    }

    @Test
    void list_buckets_pages_by_max_buckets_and_filters_by_prefix() {
        createBucket("bucket-a");
        createBucket("bucket-b");
        createBucket("other");

        Reply first = get("/?max-buckets=1&prefix=bucket-");
        Reply second = get("/?max-buckets=1&prefix=bucket-&continuation-token=" + first.one("ContinuationToken"));

        assertThat(first.all("Name")).containsExactly("bucket-a");
        assertThat(second.all("Name")).containsExactly("bucket-b");
        assertThat(second.all("ContinuationToken")).isEmpty();
    }

    @Test
    void creating_a_bucket_the_account_owns_is_BucketAlreadyOwnedByYou() {
        createBucket(BUCKET);

        Reply again = createBucket(BUCKET);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("BucketAlreadyOwnedByYou");
        assertThat(again.one("BucketName")).isEqualTo(BUCKET);
    }

    @Test
    void a_bucket_name_against_s3_rules_is_InvalidBucketName() {
        Reply bad = createBucket("Not_A_Bucket");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo("InvalidBucketName");
    }

    @Test
    void a_location_constraint_of_another_region_is_IllegalLocationConstraintException() {
        Reply refused = request("PUT", "/" + BUCKET).body("<CreateBucketConfiguration><LocationConstraint>us-west-2"
                + "</LocationConstraint></CreateBucketConfiguration>").send();

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("IllegalLocationConstraintException");
        assertThat(get("/").all("Name")).isEmpty();
    }

    @Test
    void head_bucket_answers_the_region_and_a_bodiless_404_for_a_bucket_that_is_not_there() {
        createBucket(BUCKET);

        Reply there = request("HEAD", "/" + BUCKET).send();
        Reply missing = request("HEAD", "/no-such-bucket").send();

        assertThat(there.status()).isEqualTo(200);
        assertThat(there.header("x-amz-bucket-region")).isEqualTo("eu-west-1");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.response().body()).isEmpty();
    }

    @Test
    void get_bucket_location_names_the_region_and_a_missing_bucket_is_NoSuchBucket() {
        createBucket(BUCKET);

        Reply location = get("/" + BUCKET + "?location");
        Reply missing = get("/no-such-bucket?location");

        assertThat(location.xml()).contains(
                "<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">eu-west-1</LocationConstraint>");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("NoSuchBucket");
        assertThat(missing.one("BucketName")).isEqualTo("no-such-bucket");
    }

    @Test
    void versioning_shows_no_status_until_enabled_then_enabled_then_suspended() {
        createBucket(BUCKET);
        Reply before = get("/" + BUCKET + "?versioning");

        Reply enable = request("PUT", "/" + BUCKET + "?versioning").body(versioning("Enabled")).send();
        Reply enabled = get("/" + BUCKET + "?versioning");
        request("PUT", "/" + BUCKET + "?versioning").body(versioning("Suspended")).send();
        Reply suspended = get("/" + BUCKET + "?versioning");

        assertThat(before.xml()).contains("<VersioningConfiguration").doesNotContain("<Status>");
        assertThat(enable.status()).isEqualTo(200);
        assertThat(enabled.one("Status")).isEqualTo("Enabled");
        assertThat(suspended.one("Status")).isEqualTo("Suspended");
    }

    @Test
    void a_versioning_status_s3_does_not_know_or_xml_that_is_not_xml_is_MalformedXML() {
        createBucket(BUCKET);

        Reply unknown = request("PUT", "/" + BUCKET + "?versioning").body(versioning("Sometimes")).send();
        Reply broken = request("PUT", "/" + BUCKET + "?versioning").body("<VersioningConfiguration><Status>").send();

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.code()).isEqualTo("MalformedXML");
        assertThat(broken.code()).isEqualTo("MalformedXML");
        assertThat(get("/" + BUCKET + "?versioning").all("Status")).isEmpty();
    }

    @Test
    void a_bucket_is_deleted_with_204_only_once_empty() {
        createBucket(BUCKET);
        put("/" + BUCKET + "/fw.bin", "firmware");

        Reply notEmpty = request("DELETE", "/" + BUCKET).send();
        request("DELETE", "/" + BUCKET + "/fw.bin").send();
        Reply deleted = request("DELETE", "/" + BUCKET).send();
        Reply again = request("DELETE", "/" + BUCKET).send();

        assertThat(notEmpty.status()).isEqualTo(409);
        assertThat(notEmpty.code()).isEqualTo("BucketNotEmpty");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.code()).isEqualTo("NoSuchBucket");
    }

    @Test
    void an_operation_fleetline_does_not_serve_is_NotImplemented_in_s3_xml() {
        createBucket(BUCKET);

        Reply encryption = get("/" + BUCKET + "?encryption");

        assertThat(encryption.status()).isEqualTo(501);
        assertThat(encryption.code()).isEqualTo("NotImplemented");
    }

    @Test
    void a_request_expecting_another_bucket_owner_is_AccessDenied() {
        createBucket(BUCKET);

        Reply other = request("HEAD", "/" + BUCKET).header("x-amz-expected-bucket-owner", "999999999999").send();
        Reply same = request("GET", "/" + BUCKET + "?location").header("x-amz-expected-bucket-owner", ACCOUNT).send();
        Reply source = request("PUT", "/" + BUCKET + "/copy").header("x-amz-copy-source", BUCKET + "/x")
                .header("x-amz-source-expected-bucket-owner", "999999999999").send();

        assertThat(other.status()).isEqualTo(403);
        assertThat(same.status()).isEqualTo(200);
        assertThat(source.status()).isEqualTo(403);
        assertThat(source.code()).isEqualTo("AccessDenied");
    }

    static String versioning(String status) {
        return "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>" + status
                + "</Status></VersioningConfiguration>";
    }
}
