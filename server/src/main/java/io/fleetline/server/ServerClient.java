package io.fleetline.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.api.auth.SigV4;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.server.config.AccountSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the command line reaches a running server: its URL and region from {@code endpoint.json} in the data directory
 * (or as given), requests signed with the admin key from the data directory's {@code credentials}. Without a
 * credentials file (a permissive server reached by {@code --endpoint-url}) it signs with a placeholder key, which such
 * a server accepts.
 */
final class ServerClient {
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern CREDENTIAL = Pattern.compile("(?m)^\\s*(aws_access_key_id|aws_secret_access_key)"
            + "\\s*=\\s*(\\S+)\\s*$");

    private final String url;
    private final String region;
    private final String[] key;

    private ServerClient(String url, String region, String[] key) {
        this.url = url.replaceAll("/+$", "");
        this.region = region;
        this.key = key;
    }

    /** The server the data directory names, or the one at {@code endpointUrl}; empty when neither says where. */
    static Optional<ServerClient> of(Path dataDir, Optional<String> endpointUrl, Optional<String> region)
            throws IOException {
        Optional<JsonNode> endpoint = readEndpoint(dataDir);
        Optional<String> url = endpointUrl.or(() -> endpoint.map(e -> e.path("http").asText(null)));
        if (url.isEmpty()) {
            return Optional.empty();
        }
        String signingRegion = region.or(() -> endpoint.map(e -> e.path("region").asText(null)))
                .orElse(AccountSettings.DEFAULT_SCOPE.region());
        return Optional.of(new ServerClient(url.get(), signingRegion, readKey(dataDir)));
    }

    String url() {
        return url;
    }

    /** POSTs {@code body} (JSON; empty for none) to {@code path}, signed for {@code service}. */
    HttpResponse<String> post(String path, String body, String service) throws IOException, InterruptedException {
        URI uri = URI.create(url + path);
        String amzDate = AMZ_DATE.format(Instant.now());
        String host = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        RawRequest unsigned = new RawRequest("POST", uri.getRawPath(), null,
                Map.of("host", List.of(host), "x-amz-date", List.of(amzDate)), bytes);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("X-Amz-Date", amzDate)
                .header("Authorization", SigV4.authorization(unsigned, key[0], key[1], region, service))
                .POST(bytes.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static Optional<JsonNode> readEndpoint(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FleetlineServer.ENDPOINT_FILE);
        return Files.exists(file) ? Optional.of(new ObjectMapper().readTree(file.toFile())) : Optional.empty();
    }

    /** The admin key from the data dir's credentials file, or a placeholder a permissive server accepts. */
    private static String[] readKey(Path dataDir) throws IOException {
        Path file = dataDir.resolve("credentials");
        String[] key = {"FLEETLINERESETKEY000", "placeholder"};
        if (Files.exists(file)) {
            Matcher m = CREDENTIAL.matcher(Files.readString(file));
            while (m.find()) {
                key[m.group(1).equals("aws_access_key_id") ? 0 : 1] = m.group(2);
            }
        }
        return key;
    }
}
