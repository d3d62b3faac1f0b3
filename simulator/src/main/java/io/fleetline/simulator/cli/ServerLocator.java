package io.fleetline.simulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.simulator.ServerTarget;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * Finds the server as {@code ./fleetline reset} does: the data directory's {@code endpoint.json} says where its API,
 * MQTT endpoint and CA are, its {@code credentials} hold the admin key; {@code --endpoint-url} and the other flags
 * take precedence. Without a credentials file the key comes from {@code AWS_ACCESS_KEY_ID} and
 * {@code AWS_SECRET_ACCESS_KEY}, else a placeholder (which a permissive server accepts).
 */
final class ServerLocator {
    static final String DEFAULT_REGION = "us-east-1";
    private static final int MQTTS_PORT = 8883;

    /** The server could not be found; the message says what is missing. */
    static final class NotFound extends Exception {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }

    private ServerLocator() {
    }

    static ServerTarget locate(Path dataDir, Optional<String> endpointUrl, Optional<String> region,
                               Optional<String> mqttEndpoint, Optional<Path> caFile) throws IOException, NotFound {
        Path endpointFile = dataDir.resolve("endpoint.json");
        Optional<JsonNode> endpoint = Files.exists(endpointFile)
                ? Optional.of(new ObjectMapper().readTree(endpointFile.toFile())) : Optional.empty();
        String url = endpointUrl.or(() -> endpoint.map(e -> e.path("http").asText(null)))
                .orElseThrow(() -> new NotFound(endpointFile + " is missing; give --endpoint-url"));
        String signingRegion = region.or(() -> endpoint.map(e -> e.path("region").asText(null)))
                .orElse(DEFAULT_REGION);
        String[] key = key(dataDir.resolve("credentials"));
        Path ca = caFile.or(() -> endpoint.map(e -> e.path("caFile").asText(null)).map(Path::of))
                .orElse(dataDir.resolve("ca").resolve("ca.pem"));
        if (!Files.isReadable(ca)) {
            throw new NotFound("the server's CA " + ca + " cannot be read; give --ca");
        }
        String mqtt = mqttEndpoint.or(() -> endpoint.map(e -> e.path("mqtts").asText(null))
                        .map(u -> u.replaceFirst("^mqtts://", "")))
                .orElseGet(() -> describeEndpoint(url, signingRegion, key) + ":" + MQTTS_PORT);
        int colon = mqtt.lastIndexOf(':');
        if (colon < 1) {
            throw new NotFound("the MQTT endpoint '" + mqtt + "' is not host:port");
        }
        try {
            return new ServerTarget(URI.create(url), signingRegion, key[0], key[1], mqtt.substring(0, colon),
                    Integer.parseInt(mqtt.substring(colon + 1)), ca);
        } catch (IllegalArgumentException e) {
            throw new NotFound("the MQTT endpoint '" + mqtt + "' is not host:port");
        }
    }

    /** The admin key of the data directory's credentials file, else of the environment, else a placeholder. */
    private static String[] key(Path credentials) {
        String[] key = {System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "FLEETLINESIMULATOR00"),
                System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", "placeholder")};
        if (Files.isReadable(credentials)) {
            ProfileFile file = ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build();
            file.profile("default").ifPresent(profile -> {
                profile.property(ProfileProperty.AWS_ACCESS_KEY_ID).ifPresent(id -> key[0] = id);
                profile.property(ProfileProperty.AWS_SECRET_ACCESS_KEY).ifPresent(secret -> key[1] = secret);
            });
        }
        return key;
    }

    /** The device data endpoint's host, as DescribeEndpoint names it. */
    private static String describeEndpoint(String url, String region, String[] key) {
        try (IotClient iot = IotClient.builder().endpointOverride(URI.create(url)).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key[0], key[1])))
                .httpClient(ApacheHttpClient.create()).build()) {
            return iot.describeEndpoint(r -> r.endpointType("iot:Data-ATS")).endpointAddress();
        }
    }
}
