package io.fleetline.storage.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.ota.update.CreationProgress;
import io.fleetline.ota.update.FileLocation;
import io.fleetline.ota.update.PreparedFile;
import io.fleetline.ota.update.S3File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The {@code progress} column: what creation has done so far, as JSON text in storage's own form. */
final class OtaProgressColumn {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OtaProgressColumn() {
    }

    static String write(CreationProgress progress) {
        ObjectNode node = JSON.createObjectNode();
        ObjectNode signing = node.putObject("signingJobs");
        progress.signingJobs().forEach((file, job) -> signing.put(Integer.toString(file), job));
        ArrayNode prepared = node.putArray("prepared");
        progress.prepared().forEach(f -> writeFile(prepared.addObject(), f));
        progress.streamId().ifPresent(s -> node.put("streamId", s));
        node.put("streamCreated", progress.streamCreated());
        node.put("jobRequested", progress.jobRequested());
        return node.toString();
    }

    static CreationProgress read(String text) {
        JsonNode node = Columns.tree(text);
        Map<Integer, String> signing = new TreeMap<>();
        node.path("signingJobs").properties().forEach(e -> signing.put(Integer.parseInt(e.getKey()),
                e.getValue().asText()));
        List<PreparedFile> prepared = new ArrayList<>();
        node.path("prepared").forEach(f -> prepared.add(readFile(f)));
        return new CreationProgress(signing, prepared, Columns.text(node, "streamId"),
                node.path("streamCreated").asBoolean(), node.path("jobRequested").asBoolean());
    }

    private static void writeFile(ObjectNode node, PreparedFile file) {
        node.put("fileId", file.fileId());
        node.putObject("object").put("bucket", file.object().bucket()).put("key", file.object().key())
                .put("versionId", file.object().versionId());
        file.stream().ifPresent(s -> node.putObject("stream").put("streamId", s.streamId()).put("fileId", s.fileId()));
        node.put("size", file.size());
        file.certificatePath().ifPresent(c -> node.put("certificatePath", c));
        file.signatureKey().ifPresent(k -> node.put("signatureKey", k));
        file.signature().ifPresent(s -> node.put("signature", s));
    }

    private static PreparedFile readFile(JsonNode f) {
        JsonNode object = f.path("object");
        return new PreparedFile(f.path("fileId").asInt(), new S3File(object.path("bucket").asText(),
                object.path("key").asText(), object.path("versionId").asText()),
                Columns.object(f, "stream").map(s -> new FileLocation.Stream(s.path("streamId").asText(),
                        s.path("fileId").asInt())),
                f.path("size").asLong(), Columns.text(f, "certificatePath"), Columns.text(f, "signatureKey"),
                Columns.text(f, "signature"));
    }
}
