package io.fleetline.storage.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.ota.streams.FileSource;
import io.fleetline.ota.streams.Stream;
import io.fleetline.ota.streams.StreamFile;
import io.fleetline.ota.streams.StreamId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@code stream} row and its {@code files} column: {@code [{"id", "bucket", "key", "version"?, "size", "etag"}]}. */
final class StreamRows {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StreamRows() {
    }

    static Stream stream(ResultSet rs) throws SQLException {
        return new Stream(StreamId.of(rs.getString("stream_id")), Optional.ofNullable(rs.getString("description")),
                files(rs.getString("files")), rs.getString("role_arn"), rs.getInt("version"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("last_updated_at")));
    }

    static String files(List<StreamFile> files) {
        ArrayNode array = MAPPER.createArrayNode();
        for (StreamFile file : files) {
            ObjectNode node = array.addObject().put("id", file.fileId()).put("bucket", file.source().bucket())
                    .put("key", file.source().key());
            file.source().version().ifPresent(version -> node.put("version", version));
            node.put("size", file.size()).put("etag", file.etag());
        }
        return array.toString();
    }

    private static List<StreamFile> files(String text) {
        JsonNode array;
        try {
            array = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored stream's files are corrupt", e);
        }
        List<StreamFile> files = new ArrayList<>(array.size());
        for (JsonNode file : array) {
            FileSource source = new FileSource(file.get("bucket").asText(), file.get("key").asText(),
                    Optional.ofNullable(file.get("version")).map(JsonNode::asText));
            files.add(new StreamFile(file.get("id").asInt(), source, file.get("size").asLong(),
                    file.get("etag").asText()));
        }
        return files;
    }
}
