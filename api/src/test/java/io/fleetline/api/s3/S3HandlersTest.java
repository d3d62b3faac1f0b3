package io.fleetline.api.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Handlers are registered per operation of the S3 model, one line each. */
class S3HandlersTest {
    private static final S3Handler NONE = call -> S3Result.empty();

    @Test
    void an_operation_is_served_by_the_handler_registered_for_it() {
        S3Handlers handlers = new S3Handlers(S3TestServer.S3).register("PutObject", NONE);

        assertThat(handlers.handler(S3TestServer.S3.operation("PutObject").orElseThrow())).containsSame(NONE);
        assertThat(handlers.handler(S3TestServer.S3.operation("GetObject").orElseThrow())).isEmpty();
        assertThat(handlers.size()).isEqualTo(1);
    }

    @Test
    void an_operation_the_model_lacks_or_two_handlers_are_refused_at_start() {
        S3Handlers handlers = new S3Handlers(S3TestServer.S3).register("PutObject", NONE);

        assertThatThrownBy(() -> handlers.register("PutThing", NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> handlers.register("PutObject", NONE)).isInstanceOf(IllegalArgumentException.class);
    }
}
