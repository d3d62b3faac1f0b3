package io.fleetline.api.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.Input;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.ota.streams.FileSource;
import io.fleetline.ota.streams.FileSpec;
import io.fleetline.ota.streams.NewStream;
import io.fleetline.ota.streams.Stream;
import io.fleetline.ota.streams.StreamChanges;
import io.fleetline.ota.streams.StreamFile;
import io.fleetline.ota.streams.StreamId;
import io.fleetline.ota.streams.Streams;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** CreateStream, DescribeStream, UpdateStream, ListStreams and DeleteStream. */
public final class StreamsApi {
    static final int DEFAULT_PAGE = 50;
    private final Streams streams;

    private StreamsApi(Streams streams) {
        this.streams = streams;
    }

    public static void register(HandlerRegistry handlers, Streams streams) {
        StreamsApi h = new StreamsApi(streams);
        handlers.register("iot", "CreateStream", h::create)
                .register("iot", "DescribeStream", h::describe)
                .register("iot", "UpdateStream", h::update)
                .register("iot", "ListStreams", h::list)
                .register("iot", "DeleteStream", h::delete);
    }

    private JsonNode create(OperationCall call) {
        Input in = call.input();
        Stream stream = streams.create(new NewStream(id(in), in.optString("description"), files(in.node().get("files")),
                in.string("roleArn"), in.tags("tags")));
        return summary(stream, Output.object());
    }

    private JsonNode update(OperationCall call) {
        Input in = call.input();
        Optional<List<FileSpec>> files = in.object("files").map(StreamsApi::files);
        Stream stream = streams.update(id(in), new StreamChanges(in.optString("description"), files,
                in.optString("roleArn")));
        return summary(stream, Output.object());
    }

    private JsonNode describe(OperationCall call) {
        Stream stream = streams.describe(id(call.input()));
        ObjectNode out = Output.object();
        ObjectNode info = summary(stream, out.putObject("streamInfo"));
        ArrayNode files = info.putArray("files");
        for (StreamFile file : stream.files()) {
            ObjectNode location = files.addObject().put("fileId", file.fileId()).putObject("s3Location")
                    .put("bucket", file.source().bucket()).put("key", file.source().key());
            Output.put(location, "version", file.source().version());
        }
        info.set("createdAt", Output.timestamp(stream.createdAt()));
        info.set("lastUpdatedAt", Output.timestamp(stream.lastUpdatedAt()));
        info.put("roleArn", stream.roleArn());
        return out;
    }

    private JsonNode list(OperationCall call) {
        Input in = call.input();
        Page<Stream> page = streams.list(PageRequest.of(in.optInt("maxResults").orElse(null),
                in.optString("nextToken").orElse(null), DEFAULT_PAGE), in.bool("ascendingOrder"));
        ObjectNode out = Output.object();
        ArrayNode items = out.putArray("streams");
        page.items().forEach(stream -> summary(stream, items.addObject()));
        Output.nextToken(out, page);
        return out;
    }

    private JsonNode delete(OperationCall call) {
        streams.delete(id(call.input()));
        return Output.empty();
    }

    private static StreamId id(Input in) {
        return StreamId.of(in.string("streamId"));
    }

    /** streamId, streamArn, description (when it has one) and streamVersion, as every answer has them. */
    private ObjectNode summary(Stream stream, ObjectNode node) {
        node.put("streamId", stream.id().value()).put("streamArn", streams.arnOf(stream.id()));
        Output.put(node, "description", stream.description());
        return node.put("streamVersion", stream.version());
    }

    /** The model requires neither member of a StreamFile; a stream file needs both. */
    private static List<FileSpec> files(JsonNode array) {
        List<FileSpec> files = new ArrayList<>();
        for (JsonNode file : array) {
            JsonNode id = file.get("fileId");
            JsonNode location = file.get("s3Location");
            if (id == null || !id.isIntegralNumber() || !id.canConvertToInt()) {
                throw FleetlineException.invalid("Each of the stream's files needs a fileId");
            }
            if (location == null || !location.isObject() || !location.hasNonNull("bucket")
                    || !location.hasNonNull("key")) {
                throw FleetlineException.invalid("Each of the stream's files needs an s3Location with a bucket and a "
                        + "key");
            }
            files.add(new FileSpec(id.intValue(), new FileSource(location.get("bucket").asText(),
                    location.get("key").asText(), Optional.ofNullable(location.get("version"))
                    .filter(JsonNode::isTextual).map(JsonNode::asText))));
        }
        return files;
    }
}
