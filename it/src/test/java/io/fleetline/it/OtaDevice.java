package io.fleetline.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.TestServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A device built for AWS IoT OTA updates, doing what AWS's OTA agent does against the server: it subscribes to
 * {@code notify-next} and to its stream's data and rejections only (the jobs API answers it whether it subscribed or
 * not), asks for {@code $next}, takes an {@code afr_ota} job, downloads the file over MQTT streams (in CBOR or JSON,
 * blocks asked for with bitmaps, some windows with holes so blocks come out of order, and asked again after an idle
 * second) or over HTTPS with the presigned {@code update_data_url}, verifies the ECDSA signature of the whole image
 * with the code-signing certificate it was built with, and reports SUCCEEDED, or FAILED with the reason in
 * {@code statusDetails}. Requests are written field by field as the agent writes them.
 */
final class OtaDevice implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORMapper CBOR = new CBORMapper();
    private static final int BLOCK = 4096;

    /** How the device downloads. */
    enum Transport {
        MQTT_CBOR, MQTT_JSON, HTTP
    }

    /** What the device did: the job it ran, what it reported, and the image it assembled. */
    record Result(String jobId, String status, Map<String, String> details, byte[] image, int blockRequests) {
    }

    private final String thing;
    private final Transport transport;
    private final X509Certificate signer;
    private final Mqtt5AsyncClient client;
    private final HttpClient https;
    private final BlockingQueue<Mqtt5Publish> received = new LinkedBlockingQueue<>();
    private final java.util.List<Mqtt5Publish> kept = new java.util.ArrayList<>();
    private int requests;

    /** @param signerPem the code-signing certificate the device trusts, as it would be built into its firmware */
    OtaDevice(TestServer server, DeviceIdentity identity, String thing, Transport transport, String signerPem,
              HttpClient https) throws Exception {
        this(server.mqttsPort(), server.caFile(), identity, thing, transport, signerPem, https);
    }

    /** A device of a server process: its MQTT over TLS port and CA file, as {@code endpoint.json} names them. */
    OtaDevice(int mqttsPort, java.nio.file.Path caFile, DeviceIdentity identity, String thing, Transport transport,
              String signerPem, HttpClient https) throws Exception {
        this.thing = thing;
        this.transport = transport;
        this.https = https;
        this.signer = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(signerPem.getBytes(StandardCharsets.US_ASCII)));
        this.client = MqttClient.builder().useMqttVersion5().identifier(thing)
                .serverHost("127.0.0.1").serverPort(mqttsPort)
                .sslConfig().keyManagerFactory(identity.keyManagers())
                .trustManagerFactory(DeviceIdentity.trusting(caFile)).applySslConfig()
                .buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, received::add);
        client.connect().get(30, TimeUnit.SECONDS);
        subscribe(jobs() + "notify-next");
    }

    private String jobs() {
        return "$aws/things/" + thing + "/jobs/";
    }

    private String format() {
        return transport == Transport.MQTT_JSON ? "json" : "cbor";
    }

    private void subscribe(String filter) throws Exception {
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().get(30, TimeUnit.SECONDS);
    }

    /** Takes the next OTA job and runs it to its end, waiting at most {@code seconds} in all. */
    Result update(long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonNode execution = nextExecution(deadline);
        String jobId = execution.path("jobId").asText();
        JsonNode file = execution.path("jobDocument").path("afr_ota").path("files").path(0);
        JsonNode ota = execution.path("jobDocument").path("afr_ota");
        report(jobId, "IN_PROGRESS", Map.of("step", "downloading"), deadline);
        byte[] image;
        try {
            image = transport == Transport.HTTP ? download(file.path("update_data_url").asText())
                    : stream(ota.path("streamname").asText(), file.path("fileid").asInt(),
                    file.path("filesize").asInt(), deadline);
        } catch (RejectedStream e) {
            return report(jobId, "FAILED", Map.of("reason", "download: " + e.getMessage()), deadline, new byte[0]);
        }
        String signature = signatureOf(file);
        if (!verifies(image, signature)) {
            return report(jobId, "FAILED", Map.of("reason", "signature check failed"), deadline, image);
        }
        return report(jobId, "SUCCEEDED", Map.of("reason", "accepted v" + file.path("filesize").asText()), deadline,
                image);
    }

    private static String signatureOf(JsonNode file) {
        var names = file.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.startsWith("sig-")) {
                return file.get(name).asText();
            }
        }
        return "";
    }

    private boolean verifies(byte[] image, String signatureBase64) throws Exception {
        if (signatureBase64.isEmpty()) {
            return false;
        }
        Signature check = Signature.getInstance("SHA256withECDSA");
        check.initVerify(signer.getPublicKey());
        check.update(image);
        try {
            return check.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (java.security.SignatureException | IllegalArgumentException e) {
            return false;
        }
    }

    private JsonNode nextExecution(long deadline) throws Exception {
        publish(jobs() + "$next/get", JSON.writeValueAsBytes(Map.of("clientToken", thing + ":next")));
        while (true) {
            Mqtt5Publish message = take(t -> t.endsWith("/jobs/$next/get/accepted") || t.endsWith("/notify-next"),
                    deadline);
            JsonNode payload = JSON.readTree(message.getPayloadAsBytes());
            if (payload.has("execution") && payload.path("execution").path("jobDocument").has("afr_ota")) {
                return payload.get("execution");
            }
        }
    }

    private void report(String jobId, String status, Map<String, String> details, long deadline) throws Exception {
        report(jobId, status, details, deadline, new byte[0]);
    }

    private Result report(String jobId, String status, Map<String, String> details, long deadline, byte[] image)
            throws Exception {
        String token = thing + ":" + status;
        publish(jobs() + jobId + "/update", JSON.writeValueAsBytes(Map.of("status", status, "statusDetails", details,
                "clientToken", token)));
        Mqtt5Publish answer = take(t -> t.equals(jobs() + jobId + "/update/accepted")
                || t.equals(jobs() + jobId + "/update/rejected"), deadline);
        JsonNode payload = JSON.readTree(answer.getPayloadAsBytes());
        if (answer.getTopic().toString().endsWith("/rejected")) {
            throw new AssertionError(thing + ": update to " + status + " rejected: " + payload);
        }
        return new Result(jobId, status, details, image, requests);
    }

    private byte[] download(String url) throws Exception {
        HttpResponse<byte[]> response = https.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new RejectedStream("HTTP " + response.statusCode());
        }
        return response.body();
    }

    /** The file, block by block: windows of missing blocks asked for by bitmap, asked again after an idle second. */
    private byte[] stream(String streamId, int fileId, int size, long deadline) throws Exception {
        String streams = "$aws/things/" + thing + "/streams/" + streamId + "/";
        subscribe(streams + "data/" + format());
        subscribe(streams + "rejected/" + format());
        int blocks = (size + BLOCK - 1) / BLOCK;
        byte[] image = new byte[size];
        BitSet missing = new BitSet(blocks);
        missing.set(0, blocks);
        boolean holes = true;  // the first window skips every other block: the rest come later, out of order
        while (!missing.isEmpty()) {
            int offset = missing.nextSetBit(0);
            int window = Math.min(blocks - offset, 128 * 8);
            BitSet asked = missing.get(offset, offset + window);
            if (holes && window > 2) {
                for (int i = 0; i < window; i += 2) {
                    asked.clear(i);
                }
            }
            holes = false;
            int count = Math.min(asked.cardinality(), 32);
            publish(streams + "get/" + format(), getRequest(fileId, offset, asked, count));
            requests++;
            int got = 0;
            while (got < count) {
                Optional<Mqtt5Publish> message = poll(t -> t.startsWith(streams), 1_000, deadline);
                if (message.isEmpty()) {
                    break;  // idle: ask again for what is still missing
                }
                String topic = message.get().getTopic().toString();
                if (topic.endsWith("/rejected/" + format())) {
                    throw new RejectedStream(rejection(message.get().getPayloadAsBytes()));
                }
                JsonNode data = read(message.get().getPayloadAsBytes());
                int block = data.path("i").asInt();
                byte[] bytes = transport == Transport.MQTT_JSON ? Base64.getDecoder().decode(data.path("p").asText())
                        : data.path("p").binaryValue();
                if (missing.get(block)) {
                    System.arraycopy(bytes, 0, image, block * BLOCK, bytes.length);
                    missing.clear(block);
                }
                got++;
            }
        }
        return image;
    }

    /** A GetStream request as the agent writes it: client token, stream version, file, block size, offset, bitmap. */
    private byte[] getRequest(int fileId, int offset, BitSet asked, int count) throws Exception {
        byte[] bitmap = new byte[(asked.length() + 7) / 8];
        for (int b = asked.nextSetBit(0); b >= 0; b = asked.nextSetBit(b + 1)) {
            bitmap[b / 8] |= (byte) (1 << (b % 8));  // byte 0 holds blocks o+7 … o, o in its lowest bit
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("c", "rdy");
        request.put("f", fileId);
        request.put("l", BLOCK);
        request.put("o", offset);
        request.put("n", count);
        if (transport == Transport.MQTT_JSON) {
            request.put("b", java.util.HexFormat.of().formatHex(bitmap));
            return JSON.writeValueAsBytes(request);
        }
        request.put("b", bitmap);
        return CBOR.writeValueAsBytes(request);
    }

    private JsonNode read(byte[] payload) throws Exception {
        return transport == Transport.MQTT_JSON ? JSON.readTree(payload) : CBOR.readTree(payload);
    }

    private String rejection(byte[] payload) throws Exception {
        JsonNode node = read(payload);
        return node.path("o").asText() + " " + node.path("m").asText();
    }

    private void publish(String topic, byte[] payload) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send().join();
    }

    private Mqtt5Publish take(java.util.function.Predicate<String> topic, long deadline) throws Exception {
        return poll(topic, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()), deadline)
                .orElseThrow(() -> new AssertionError(thing + " waited in vain; it has " + kept.stream()
                        .map(m -> m.getTopic().toString()).toList()));
    }

    /** The oldest message whose topic matches, waiting up to {@code millis}; others stay for later. */
    private Optional<Mqtt5Publish> poll(java.util.function.Predicate<String> topic, long millis, long deadline)
            throws InterruptedException {
        long until = Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
        while (true) {
            for (var it = kept.iterator(); it.hasNext(); ) {
                Mqtt5Publish message = it.next();
                if (topic.test(message.getTopic().toString())) {
                    it.remove();
                    return Optional.of(message);
                }
            }
            long left = until - System.nanoTime();
            Mqtt5Publish message = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
            if (message == null) {
                return Optional.empty();
            }
            kept.add(message);
        }
    }

    /** Every message the device got on a topic other than those it asked about, for tests of delivery. */
    java.util.List<String> otherTopics() {
        received.drainTo(kept);
        return kept.stream().map(m -> m.getTopic().toString()).toList();
    }

    /** A stream request the server rejected. */
    static final class RejectedStream extends Exception {
        private static final long serialVersionUID = 1L;

        RejectedStream(String message) {
            super(message);
        }
    }

    @Override
    public void close() {
        client.disconnect().exceptionally(e -> null).join();
    }
}
