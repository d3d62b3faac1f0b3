package io.fleetline.ota.update;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The job document of an OTA update, in the form AWS's OTA agents parse ({@code afr_ota}):
 * <pre>{"afr_ota":{"protocols":["MQTT"],"streamname":"AFR_OTA-...","files":[{"filepath":..., "filesize":...,
 * "fileid":..., "certfile":..., "fileType":..., "fileversion":..., "update_data_url":...,
 * "auth_scheme":"aws.s3.presigned", "sig-sha256-ecdsa":...}]}}</pre>
 * {@code streamname} only when devices may use MQTT; {@code update_data_url} and {@code auth_scheme} only when they may
 * use HTTP, the URL being a presigned-URL placeholder that the jobs service resolves anew for each device read.
 * {@code fileversion}, the file's {@code fileVersion}, is Fleetline's: AWS's agents do not read it, Fleetline's agent
 * reports it as the version it runs (what a rollout plan's health check names). Members without a value are left
 * out. A pure function of its input.
 */
public final class AfrOtaDocument {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The {@code auth_scheme} of a presigned S3 URL, which the agents' HTTP download expects. */
    static final String PRESIGNED_SCHEME = "aws.s3.presigned";

    private AfrOtaDocument() {
    }

    /** One file's entry; {@code updateDataUrl} is used only when the protocols include HTTP. */
    public record Entry(String filepath, long filesize, int fileid, Optional<String> certfile,
                        Optional<Integer> fileType, Optional<String> fileVersion, String updateDataUrl, Optional<String> signatureKey,
                        Optional<String> signature) {
    }

    /** The document's text, compact, members in the order above. */
    public static String build(List<OtaProtocol> protocols, Optional<String> streamName, List<Entry> files) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode ota = root.putObject("afr_ota");
        ArrayNode names = ota.putArray("protocols");
        protocols.forEach(p -> names.add(p.name()));
        if (protocols.contains(OtaProtocol.MQTT)) {
            streamName.ifPresent(name -> ota.put("streamname", name));
        }
        ArrayNode entries = ota.putArray("files");
        for (Entry file : files) {
            ObjectNode entry = entries.addObject();
            entry.put("filepath", file.filepath());
            entry.put("filesize", file.filesize());
            entry.put("fileid", file.fileid());
            file.certfile().ifPresent(c -> entry.put("certfile", c));
            file.fileType().ifPresent(t -> entry.put("fileType", t));
            file.fileVersion().ifPresent(v -> entry.put("fileversion", v));
            if (protocols.contains(OtaProtocol.HTTP)) {
                entry.put("update_data_url", file.updateDataUrl());
                entry.put("auth_scheme", PRESIGNED_SCHEME);
            }
            if (file.signatureKey().isPresent() && file.signature().isPresent()) {
                entry.put(file.signatureKey().get(), file.signature().get());
            }
        }
        return root.toString();
    }

    /**
     * The document key of a signature: {@code sig-<hash>-<algorithm>} in lower case, the hash without dashes
     * ({@code SHA256}, {@code SHA-256} → {@code sha256}; {@code ECDSA} → {@code ecdsa}).
     */
    public static String signatureKey(String hashAlgorithm, String signatureAlgorithm) {
        return "sig-" + hashAlgorithm.toLowerCase(Locale.ROOT).replace("-", "") + "-"
                + signatureAlgorithm.toLowerCase(Locale.ROOT);
    }

    /**
     * The placeholder the jobs service replaces with a fresh presigned URL of the object for each device read:
     * {@code ${aws:iot:s3-presigned-url:https://s3.<region>.amazonaws.com/<bucket>/<key>}}, the key percent-encoded
     * (but for its slashes) so that no character of it can end the placeholder, and {@code ?versionId=<id>} for an
     * object of a versioned bucket: devices download the version that was signed, whatever was uploaded since.
     */
    public static String presignedPlaceholder(String region, S3File object) {
        String version = object.versionId().equals("null") ? ""
                : "?versionId=" + URLEncoder.encode(object.versionId(), StandardCharsets.UTF_8);
        return "${aws:iot:s3-presigned-url:https://s3." + region + ".amazonaws.com/" + object.bucket() + "/"
                + encodePath(object.key()) + version + "}";
    }

    private static String encodePath(String key) {
        return Arrays.stream(key.split("/", -1))
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }
}
