package io.fleetline.api.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.api.model.ServiceModel;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouterTest {
    private static final Router ROUTER = new Router(List.of(
            ServiceModel.load("iot"), ServiceModel.load("iot-jobs-data"), ServiceModel.load("iot-data")));

    private static Route route(String method, String rawPath) {
        return ROUTER.route(method, rawPath, Optional.empty()).orElseThrow();
    }

    private static Route route(String method, String rawPath, String service) {
        return ROUTER.route(method, rawPath, Optional.of(service)).orElseThrow();
    }

    @Test
    void routes_a_control_plane_operation_with_its_labels() {
        Route route = route("GET", "/things/t1");

        assertThat(route.operation().qualifiedName()).isEqualTo("iot:DescribeThing");
        assertThat(route.labels()).isEqualTo(Map.of("thingName", "t1"));
    }

    @Test
    void chooses_by_method_on_the_same_path() {
        assertThat(route("POST", "/things/t1").operation().name()).isEqualTo("CreateThing");
        assertThat(route("DELETE", "/things/t1").operation().name()).isEqualTo("DeleteThing");
        assertThat(route("PATCH", "/things/t1").operation().name()).isEqualTo("UpdateThing");
    }

    @Test
    void shared_route_goes_to_the_first_model_without_a_service() {
        assertThat(route("GET", "/things/t1/jobs").operation().qualifiedName())
                .isEqualTo("iot:ListJobExecutionsForThing");
    }

    @Test
    void shared_route_goes_to_the_service_the_request_names() {
        assertThat(route("GET", "/things/t1/jobs", "iot-jobs-data").operation().qualifiedName())
                .isEqualTo("iot-jobs-data:GetPendingJobExecutions");
        assertThat(route("GET", "/things/t1/jobs", "iot").operation().qualifiedName())
                .isEqualTo("iot:ListJobExecutionsForThing");
    }

    @Test
    void shared_literal_route_follows_the_service_too() {
        assertThat(route("POST", "/command-executions").operation().qualifiedName())
                .isEqualTo("iot:ListCommandExecutions");
        assertThat(route("POST", "/command-executions", "iot-jobs-data").operation().qualifiedName())
                .isEqualTo("iot-jobs-data:StartCommandExecution");
    }

    @Test
    void a_service_hint_does_not_hide_the_only_match() {
        assertThat(route("GET", "/things/t1", "iot-data").operation().qualifiedName())
                .isEqualTo("iot:DescribeThing");
    }

    @Test
    void literal_segment_routes_to_its_own_operation() {
        Route route = route("PUT", "/thing-groups/addThingToThingGroup");

        assertThat(route.operation().qualifiedName()).isEqualTo("iot:AddThingToThingGroup");
        assertThat(route.labels()).isEmpty();
    }

    @Test
    void same_literal_is_a_label_value_under_another_method() {
        Route route = route("GET", "/thing-groups/addThingToThingGroup");

        assertThat(route.operation().name()).isEqualTo("DescribeThingGroup");
        assertThat(route.labels()).containsEntry("thingGroupName", "addThingToThingGroup");
    }

    @ParameterizedTest
    @CsvSource({"/things/t1/jobs/$next", "/things/t1/jobs/%24next"})
    void next_job_literal_routes_raw_or_encoded(String rawPath) {
        assertThat(route("PUT", rawPath).operation().qualifiedName())
                .isEqualTo("iot-jobs-data:StartNextPendingJobExecution");
    }

    @Test
    void publish_topic_keeps_its_encoded_slash() {
        Route route = route("POST", "/topics/a%2Fb");

        assertThat(route.operation().qualifiedName()).isEqualTo("iot-data:Publish");
        assertThat(route.labels()).isEqualTo(Map.of("topic", "a/b"));
    }

    @Test
    void unknown_path_has_no_route() {
        assertThat(ROUTER.route("GET", "/no-such-thing/here", Optional.empty())).isEmpty();
    }

    @Test
    void unknown_method_has_no_route() {
        assertThat(ROUTER.route("TRACE", "/things/t1", Optional.empty())).isEmpty();
    }

    @Test
    void invalid_percent_encoding_is_an_invalid_request() {
        assertThatThrownBy(() -> ROUTER.route("GET", "/things/t%zz", Optional.empty()))
                .isInstanceOfSatisfying(FleetlineException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void a_json_protocol_operation_is_routed_by_its_target_alone() {
        Router withAcm = new Router(List.of(ServiceModel.load("iot"), ServiceModel.load("acm")));

        assertThat(withAcm.route("POST", "/", Optional.of("CertificateManager.ImportCertificate"), Optional.empty()))
                .hasValueSatisfying(r -> assertThat(r.operation().qualifiedName()).isEqualTo("acm:ImportCertificate"));
        assertThat(withAcm.route("PUT", "/", Optional.of("CertificateManager.ImportCertificate"), Optional.empty()))
                .isEmpty();
        assertThat(withAcm.route("POST", "/", Optional.empty(), Optional.of("acm"))).isEmpty();
        assertThat(withAcm.route("POST", "/", Optional.of("CertificateManager.Nothing"), Optional.empty())).isEmpty();
        assertThat(withAcm.route("GET", "/things/t1", Optional.of("CertificateManager.ImportCertificate"),
                Optional.empty())).as("a target names its operation, whatever the path").isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"iot, iot", "execute-api, iot", "iot-jobs-data, iot-jobs-data", "iotdata, iot-data", "acm, acm",
            "signer, signer"})
    void maps_a_signing_name_to_its_model(String signingName, String model) {
        assertThat(Router.modelForSigningName(signingName)).contains(model);
    }

    @ParameterizedTest
    @CsvSource({"s3", "iot-data", "IOT", "''"})
    void knows_no_model_for_other_signing_names(String signingName) {
        assertThat(Router.modelForSigningName(signingName)).isEmpty();
    }

    @Test
    void every_model_signing_name_maps_back_to_its_model() {
        for (String name : List.of("iot", "iot-jobs-data", "iot-data", "acm", "signer")) {
            ServiceModel model = ServiceModel.load(name);

            assertThat(Router.modelForSigningName(model.signingName())).as(name).contains(name);
        }
    }
}
