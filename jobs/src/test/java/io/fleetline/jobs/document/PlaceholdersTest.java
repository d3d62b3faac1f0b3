package io.fleetline.jobs.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Presigned-URL placeholders found in job documents, and replaced in what devices get. */
class PlaceholdersTest {
    @Test
    void finds_both_placeholder_forms_and_leaves_other_variables() {
        String document = """
                {"a": "${aws:iot:s3-presigned-url:https://s3.amazonaws.com/b-1/fw.bin}",
                 "b": "${aws:iot:s3-presigned-url-v2:https://b-1.s3.us-east-1.amazonaws.com/fw%202.bin}",
                 "c": "${aws:iot:parameter:version}", "d": "${aws:iot:s3-presigned-url-v9:https://x/y}"}""";
        List<Placeholders.Found> found = Placeholders.in(document, true);
        assertThat(found).extracting(Placeholders.Found::url).containsExactly("https://s3.amazonaws.com/b-1/fw.bin",
                "https://b-1.s3.us-east-1.amazonaws.com/fw%202.bin");
        assertThat(found.get(0).written(document)).isEqualTo("${aws:iot:s3-presigned-url:https://s3.amazonaws.com/b-1/fw.bin}");
    }

    @Test
    void reads_json_escaped_slashes_as_slashes() {
        assertThat(Placeholders.in("{\"u\": \"${aws:iot:s3-presigned-url:https:\\/\\/s3.amazonaws.com\\/b-1\\/k}\"}", true))
                .extracting(Placeholders.Found::url).containsExactly("https://s3.amazonaws.com/b-1/k");
    }

    @Test
    void an_unclosed_placeholder_is_refused_at_creation_and_left_alone_at_a_read() {
        String document = "{\"u\": \"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/b-1/k\"}";
        assertThatThrownBy(() -> Placeholders.in(document.replace("}", ""), true)).hasMessageContaining("closing brace");
        assertThat(Placeholders.in(document.replace("}", ""), false)).isEmpty();
    }

    @Test
    void every_read_of_a_document_presigns_its_urls_anew() {
        AtomicInteger signed = new AtomicInteger();
        S3ObjectUrl object = S3ObjectUrl.parseBare("b-1/fw.bin");
        String written = "${aws:iot:s3-presigned-url:b-1/fw.bin}";
        DeviceDocument document = new DeviceDocument("{\"u\": \"" + written + "\"}", List.of("{\"u\": \"", "\"}"),
                List.of(new DeviceDocument.Placeholder(object, written)),
                o -> Optional.of(URI.create("https://fleetline.test/" + o.bucket().value() + "/" + o.key().value()
                        + "?n=" + signed.incrementAndGet())));

        assertThat(document.text()).isEqualTo("{\"u\": \"https://fleetline.test/b-1/fw.bin?n=1\"}");
        assertThat(document.text()).isEqualTo("{\"u\": \"https://fleetline.test/b-1/fw.bin?n=2\"}");
        assertThat(document.stored()).isEqualTo("{\"u\": \"" + written + "\"}");
        assertThat(document.personal()).isTrue();
        assertThat(DeviceDocument.asStored("{}").personal()).isFalse();
    }

    @Test
    void a_presigner_that_fails_leaves_the_placeholder_as_written() {
        String written = "${aws:iot:s3-presigned-url:b-1/fw.bin}";
        DeviceDocument document = new DeviceDocument("[\"" + written + "\"]", List.of("[\"", "\"]"),
                List.of(new DeviceDocument.Placeholder(S3ObjectUrl.parseBare("b-1/fw.bin"), written)), o -> {
                    throw new IllegalStateException("store down");
                });
        assertThat(document.text()).isEqualTo("[\"" + written + "\"]");
    }
}
