package io.fleetline.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the S3 model (REST-XML) says beyond the JSON models, as {@link Shape} reads it. */
class ShapeTest {
    private static final ServiceModel S3 = ServiceModel.load("s3");
    private static final ServiceModel IOT = ServiceModel.load("iot");

    @Test
    void the_s3_model_is_shipped_and_routes_its_operations_by_method_and_uri() {
        Operation list = S3.operation("ListObjectsV2").orElseThrow();

        assertThat(list.method()).isEqualTo("GET");
        assertThat(list.uri().labels()).containsExactly("Bucket");
        assertThat(list.uri().queryLiterals()).containsEntry("list-type", "2");
        assertThat(S3.operation("DeleteObject").orElseThrow().successCode()).isEqualTo(204);
    }

    @Test
    void a_flattened_list_and_the_name_of_its_elements() {
        assertThat(S3.shape("ObjectList").flattened()).isTrue();
        assertThat(S3.shape("Buckets").flattened()).isFalse();
        assertThat(S3.shape("Buckets").memberLocationName()).contains("Bucket");
        assertThat(S3.shape("ObjectList").memberLocationName()).isEmpty();
    }

    @Test
    void a_streaming_payload_member() {
        Shape put = S3.shape("PutObjectRequest");

        assertThat(put.payloadMember()).contains("Body");
        assertThat(put.members().get("Body").streaming()).isTrue();
        assertThat(put.members().get("Bucket").streaming()).isFalse();
    }

    @Test
    void a_prefix_map_of_headers() {
        Shape.Member metadata = S3.shape("PutObjectRequest").members().get("Metadata");

        assertThat(metadata.location()).contains("headers");
        assertThat(metadata.locationName()).isEqualTo("x-amz-meta-");
    }

    @Test
    void xml_namespaces_attributes_and_timestamp_formats() {
        Shape.Member configuration = S3.shape("CreateBucketRequest").members().get("CreateBucketConfiguration");
        assertThat(configuration.xmlNamespace())
                .contains(new Shape.XmlNamespace(Optional.empty(), "http://s3.amazonaws.com/doc/2006-03-01/"));

        Shape grantee = S3.shape("Grantee");
        assertThat(grantee.members().get("Type").xmlAttribute()).isTrue();
        assertThat(grantee.members().get("Type").locationName()).isEqualTo("xsi:type");
        assertThat(grantee.xmlNamespace()).contains(
                new Shape.XmlNamespace(Optional.of("xsi"), "http://www.w3.org/2001/XMLSchema-instance"));

        assertThat(S3.shape("LastModifiedTime").timestampFormat()).contains("rfc822");
        assertThat(S3.shape("LastModified").timestampFormat()).isEmpty();
    }

    @Test
    void the_json_models_have_none_of_it() {
        Shape publish = ServiceModel.load("iot-data").shape("PublishRequest");

        assertThat(publish.members().get("payload").streaming()).isFalse();
        assertThat(publish.members().values()).noneMatch(m -> m.xmlAttribute() || m.xmlNamespace().isPresent());
        assertThat(IOT.operations().values()).allMatch(op -> op.uri().queryLiterals().isEmpty());
    }
}
