package io.fleetline.agent.internal.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.agent.internal.JobDocuments;
import java.net.URI;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * What a firmware job document asks for: one image, where to download it from (an HTTPS URL, an MQTT stream's file,
 * or both), its size, SHA-256 and signature, the code-signing certificate's path on the device, and the version it
 * is when the document says.
 *
 * <ul>
 * <li>{@code afr_ota} (AWS IoT OTA): {@code files[0]} with {@code filesize}, {@code fileid}, {@code certfile},
 * {@code update_data_url} (HTTP), {@code sig-sha256-ecdsa}, and {@code streamname} beside (MQTT); Fleetline reads a
 * {@code fileversion} member of the file when there is one.</li>
 * <li>{@code fleetline_ota} (docs/ota.md, "a plain job document for Linux agents"): {@code files[0]} with
 * {@code url}, {@code size}, {@code sha256}, {@code signature.value}/{@code certificate}, and
 * {@code firmwareVersion}.</li>
 * <li>{@code "operation": "firmwareUpdate"}, the form AWS's OTA tutorials write (docs/ota-walkthrough.md): the
 * version in {@code version} or {@code firmwareVersion}, the URL in {@code firmwareUrl} or {@code downloadUrl},
 * {@code firmwareSize}, {@code checksumAlgorithm} {@code SHA256} with {@code checksum}, and a {@code signature} object
 * as {@code fleetline_ota}'s (the tutorials' documents carry none, and an unsigned image is refused).</li>
 * </ul>
 */
record FirmwareDocument(Optional<String> version, long size, Optional<URI> url, Optional<String> streamName,
                        int fileId, Optional<String> sha256, Optional<String> signature,
                        Optional<String> certificatePath) {
    private static final String SIGNATURE = "sig-sha256-ecdsa";
    private static final String OPERATION = "firmwareUpdate";

    /** A document this handler cannot carry out: the job is REJECTED with {@code reason}. */
    static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Whether a document's text is a firmware update, in any of the forms; read as the agent reads it. */
    static boolean isFirmware(String document) {
        try {
            return isFirmware(JobDocuments.read(document));
        } catch (JobDocuments.Unreadable e) {
            return false;
        }
    }

    /** Whether a document the agent read is a firmware update, in any of the forms. */
    static boolean isFirmware(JsonNode root) {
        return root.path("afr_ota").isObject() || root.path("fleetline_ota").isObject()
                || OPERATION.equals(root.path("operation").asText());
    }

    /** The update a document's text asks for, read as the agent reads it. */
    static FirmwareDocument parse(String document) throws Unsupported {
        try {
            return parse(JobDocuments.read(document));
        } catch (JobDocuments.Unreadable e) {
            throw new Unsupported(e.getMessage());
        }
    }

    /** The update a document the agent read asks for. */
    static FirmwareDocument parse(JsonNode root) throws Unsupported {
        if (root.path("afr_ota").isObject()) {
            return afrOta(root.get("afr_ota"));
        }
        return root.path("fleetline_ota").isObject() ? plain(root.path("fleetline_ota")) : operation(root);
    }

    private static FirmwareDocument afrOta(JsonNode ota) throws Unsupported {
        JsonNode file = onlyFile(ota.path("files"));
        Optional<String> otherSignature = signatureKeys(file).filter(k -> !k.equals(SIGNATURE));
        if (!file.has(SIGNATURE) && otherSignature.isPresent()) {
            throw new Unsupported("this agent verifies sig-sha256-ecdsa signatures; the file has " + otherSignature.get());
        }
        boolean http = hasProtocol(ota, "HTTP") && file.hasNonNull("update_data_url");
        boolean mqtt = hasProtocol(ota, "MQTT") && ota.hasNonNull("streamname");
        if (!http && !mqtt) {
            throw new Unsupported("the document names no download this agent can use (MQTT stream or HTTP URL)");
        }
        return new FirmwareDocument(text(file, "fileversion"), size(file.path("filesize")),
                http ? Optional.of(url(file.get("update_data_url").asText())) : Optional.empty(),
                mqtt ? text(ota, "streamname") : Optional.empty(), file.path("fileid").asInt(0), Optional.empty(),
                text(file, SIGNATURE), text(file, "certfile"));
    }

    private static FirmwareDocument plain(JsonNode ota) throws Unsupported {
        JsonNode file = onlyFile(ota.path("files"));
        JsonNode signature = signature(file.path("signature"));
        if (!file.hasNonNull("url")) {
            throw new Unsupported("the file has no url");
        }
        return new FirmwareDocument(text(file, "firmwareVersion"), size(file.path("size")),
                Optional.of(url(file.get("url").asText())), Optional.empty(), 0, text(file, "sha256"),
                text(signature, "value"), text(signature, "certificate"));
    }

    private static FirmwareDocument operation(JsonNode root) throws Unsupported {
        String algorithm = root.path("checksumAlgorithm").asText("SHA256");
        if (!algorithm.equalsIgnoreCase("SHA256") && !algorithm.equalsIgnoreCase("SHA-256")) {
            throw new Unsupported("this agent checks SHA256 checksums; the document's is " + algorithm);
        }
        Optional<String> url = text(root, "firmwareUrl").or(() -> text(root, "downloadUrl"));
        if (url.isEmpty()) {
            throw new Unsupported("the document has no firmwareUrl");
        }
        JsonNode signature = signature(root.path("signature"));
        return new FirmwareDocument(text(root, "version").or(() -> text(root, "firmwareVersion")),
                size(root.path("firmwareSize")), Optional.of(url(url.get())), Optional.empty(), 0,
                text(root, "checksum"), text(signature, "value"), text(signature, "certificate"));
    }

    private static JsonNode signature(JsonNode signature) throws Unsupported {
        if (signature.isObject() && !signature.path("algorithm").asText("SHA256withECDSA").equals("SHA256withECDSA")) {
            throw new Unsupported("this agent verifies SHA256withECDSA signatures; the file has "
                    + signature.path("algorithm").asText());
        }
        return signature;
    }

    private static JsonNode onlyFile(JsonNode files) throws Unsupported {
        if (!files.isArray() || files.size() != 1) {
            throw new Unsupported("a firmware update carries one image; the document has "
                    + (files.isArray() ? files.size() : 0) + " files");
        }
        return files.get(0);
    }

    private static boolean hasProtocol(JsonNode ota, String protocol) {
        for (JsonNode p : ota.path("protocols")) {
            if (protocol.equals(p.asText())) {
                return true;
            }
        }
        return !ota.has("protocols");
    }

    private static Optional<String> signatureKeys(JsonNode file) {
        for (Iterator<Map.Entry<String, JsonNode>> it = file.properties().iterator(); it.hasNext(); ) {
            String key = it.next().getKey();
            if (key.startsWith("sig-")) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    private static long size(JsonNode size) throws Unsupported {
        if (!size.canConvertToLong() || size.asLong() <= 0) {
            throw new Unsupported("the image's size is not given");
        }
        return size.asLong();
    }

    private static URI url(String text) throws Unsupported {
        try {
            URI url = URI.create(text);
            if (!"https".equalsIgnoreCase(url.getScheme())) {
                throw new Unsupported("this agent downloads over HTTPS only: " + url.getScheme());
            }
            return url;
        } catch (IllegalArgumentException e) {
            throw new Unsupported("the image's URL is not one: " + e.getMessage());
        }
    }

    private static Optional<String> text(JsonNode parent, String member) {
        JsonNode value = parent.get(member);
        return value == null || !value.isTextual() || value.asText().isBlank() ? Optional.empty()
                : Optional.of(value.asText());
    }
}
