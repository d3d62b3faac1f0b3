package io.fleetline.api.s3;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A test handler for one operation that keeps what it was called with (the input, and the bytes of a streamed body it
 * read) and answers what it is told to.
 */
final class Recorder implements S3Handler {
    final List<ObjectNode> inputs = new ArrayList<>();
    final List<byte[]> bodies = new ArrayList<>();
    private final Function<S3Call, S3Result> answer;

    Recorder() {
        this(call -> S3Result.empty());
    }

    Recorder(Function<S3Call, S3Result> answer) {
        this.answer = answer;
    }

    /** An endpoint over the test router where {@code operation} is served by this recorder alone. */
    S3Endpoint endpointFor(String operation) {
        return endpointFor(operation, S3Endpoint.MAX_XML_BYTES);
    }

    S3Endpoint endpointFor(String operation, int maxXmlBytes) {
        S3Handlers handlers = new S3Handlers(S3TestServer.S3).register(operation, this);
        return new S3Endpoint(new S3Router(S3TestServer.S3, List.of("localhost")), caller -> handlers, maxXmlBytes);
    }

    ObjectNode input() {
        if (inputs.isEmpty()) {
            throw new AssertionError("the handler was not called");
        }
        return inputs.get(inputs.size() - 1);
    }

    @Override
    public S3Result handle(S3Call call) {
        inputs.add(call.input().node().deepCopy());
        call.body().ifPresent(body -> {
            try (InputStream in = body.stream()) {
                bodies.add(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return answer.apply(call);
    }
}
