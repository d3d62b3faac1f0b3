package io.fleetline.jobs.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.net.URI;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The S3 URLs a documentSource or a presigned-URL placeholder may be written as, and those refused. */
class S3ObjectUrlTest {
    /** Fleetline at 127.0.0.1:8080, as a test server would be. */
    private static final Predicate<URI> FLEETLINE = url -> url.getHost().equals("127.0.0.1") && url.getPort() == 8080;

    private static String parsed(String url) {
        S3ObjectUrl object = S3ObjectUrl.parse(url, FLEETLINE);
        return object.bucket().value() + " | " + object.key().value();
    }

    @Test
    void reads_bucket_and_key_from_every_form_aws_takes() {
        assertThat(parsed("https://s3.amazonaws.com/my-iot-firmware/jobs/ota-job-document.json"))
                .isEqualTo("my-iot-firmware | jobs/ota-job-document.json");
        assertThat(parsed("https://s3.eu-west-1.amazonaws.com/my-iot-firmware/jobs/doc.json"))
                .isEqualTo("my-iot-firmware | jobs/doc.json");
        assertThat(parsed("https://my-iot-firmware.s3.amazonaws.com/jobs/doc.json"))
                .isEqualTo("my-iot-firmware | jobs/doc.json");
        assertThat(parsed("https://my-iot-firmware.s3.us-east-1.amazonaws.com/jobs/doc.json"))
                .isEqualTo("my-iot-firmware | jobs/doc.json");
        assertThat(parsed("https://my.dotted.bucket.s3.us-east-1.amazonaws.com/doc.json"))
                .isEqualTo("my.dotted.bucket | doc.json");
        assertThat(parsed("https://s3-us-west-2.amazonaws.com/legacy/doc.json")).isEqualTo("legacy | doc.json");
        assertThat(parsed("https://S3.US-EAST-1.AMAZONAWS.COM/upper/doc.json")).isEqualTo("upper | doc.json");
    }

    @Test
    void reads_path_style_urls_of_the_servers_own_endpoint_and_no_other_host() {
        assertThat(parsed("http://127.0.0.1:8080/my-iot-firmware/jobs/doc.json"))
                .isEqualTo("my-iot-firmware | jobs/doc.json");
        assertThatThrownBy(() -> parsed("http://127.0.0.1:9090/my-iot-firmware/doc.json"))
                .hasMessageContaining("host is neither S3's");
        assertThatThrownBy(() -> parsed("https://example.com/my-iot-firmware/doc.json"))
                .hasMessageContaining("host is neither S3's");
    }

    @Test
    void decodes_the_key_once_and_keeps_its_slashes_and_pluses() {
        assertThat(parsed("https://s3.amazonaws.com/b-1/dir/a%20b%2Bc+d%2Fe//f")).isEqualTo("b-1 | dir/a b+c+d/e//f");
        assertThat(parsed("https://s3.amazonaws.com/b-1/%C3%A9t%C3%A9.json")).isEqualTo("b-1 | été.json");
        assertThat(parsed("https://s3.amazonaws.com/b-1/../../etc/passwd")).isEqualTo("b-1 | ../../etc/passwd");
    }

    @Test
    void refuses_what_names_no_object_with_an_invalid_request() {
        for (String url : new String[] {"https://s3.amazonaws.com/only-a-bucket", "https://s3.amazonaws.com/bucket/",
                "https://b-1.s3.amazonaws.com/", "https://s3.amazonaws.com/Not_A_Bucket/key",
                "s3://bucket/key", "ftp://s3.amazonaws.com/bucket/key", "https://s3.amazonaws.com/b-1/k?acl", "https://s3.amazonaws.com/b-1/k?versionId=3&x=1",
                "https://s3.amazonaws.com/b-1/k?versionId=",
                "https://s3.amazonaws.com/b-1/k%zz", "https://s3.amazonaws.com/b-1/k%C3", "not a url at all",
                "https://s3.amazonaws.com/b-1/" + "k".repeat(1025)}) {
            assertThatThrownBy(() -> parsed(url), url).isInstanceOfSatisfying(FleetlineException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        }
    }

    @Test
    void a_version_id_query_names_one_version_of_the_object() {
        S3ObjectUrl object = S3ObjectUrl.parse("https://s3.us-east-1.amazonaws.com/fw-1/app.bin?versionId=a%2Bb.1", u -> false);
        assertThat(object.key().value()).isEqualTo("app.bin");
        assertThat(object.versionId()).hasValue("a+b.1");
        assertThat(S3ObjectUrl.parse("https://s3.amazonaws.com/fw-1/app.bin", u -> false).versionId()).isEmpty();
    }

    @Test
    void the_older_guides_bucket_slash_key_form_is_taken_as_written() {
        S3ObjectUrl object = S3ObjectUrl.parseBare("my-iot-firmware/images/fw%20v2.bin");
        assertThat(object.bucket().value()).isEqualTo("my-iot-firmware");
        assertThat(object.key().value()).isEqualTo("images/fw%20v2.bin");
    }
}
