package io.fleetline.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.api.auth.SigV4;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.server.config.AccountSettings;
import io.fleetline.server.config.StorageSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetline reset}: asks a running server to wipe all its state ({@code POST /_fleetline/reset}), signed with
 * the admin key from the data directory. With {@code --endpoint-url} and no credentials file (a permissive server)
 * it signs with a placeholder key, which such a server accepts.
 */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Wipe all state of a running server (things, certificates, policies, jobs, retained messages, "
                + "MQTT sessions); access keys and the CA stay.")
final class ResetCommand implements Callable<Integer>, SettingsDefaults.FromRecords {
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern CREDENTIAL = Pattern.compile("(?m)^\\s*(aws_access_key_id|aws_secret_access_key)"
            + "\\s*=\\s*(\\S+)\\s*$");

    @Option(names = "--data-dir",
            description = "The server's data directory: endpoint.json and credentials are read from it (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--endpoint-url", description = "The server's API URL (default: the one in endpoint.json).")
    String endpointUrl;

    @Option(names = "--region", description = "Region to sign for (default: the one in endpoint.json, else us-east-1).")
    String region;

    @Override
    public Map<String, String> flagDefaults() {
        return Map.of("data-dir", StorageSettings.DEFAULT_DATA_DIR.toString());
    }

    @Override
    public Integer call() {
        try {
            Optional<JsonNode> endpoint = readEndpoint();
            String url = Optional.ofNullable(endpointUrl)
                    .or(() -> endpoint.map(e -> e.path("http").asText(null))).orElse(null);
            if (url == null) {
                System.err.println("fleetline: no running server found: " + dataDir.resolve(FleetlineServer.ENDPOINT_FILE)
                        + " is missing; give --endpoint-url");
                return 2;
            }
            String signingRegion = Optional.ofNullable(region)
                    .or(() -> endpoint.map(e -> e.path("region").asText(null))).orElse(AccountSettings.DEFAULT_SCOPE.region());
            String[] key = readKey();
            HttpResponse<String> response = send(URI.create(url.replaceAll("/+$", "") + FleetlineServer.RESET_PATH),
                    key[0], key[1], signingRegion);
            if (response.statusCode() != 200) {
                System.err.println("fleetline: reset refused (" + response.statusCode() + "): " + response.body());
                return 1;
            }
            System.out.println("fleetline: reset " + url);
            return 0;
        } catch (IOException e) {
            System.err.println("fleetline: cannot reach the server: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private Optional<JsonNode> readEndpoint() throws IOException {
        Path file = dataDir.resolve(FleetlineServer.ENDPOINT_FILE);
        return Files.exists(file) ? Optional.of(new ObjectMapper().readTree(file.toFile())) : Optional.empty();
    }

    /** The admin key from the data dir's credentials file, or a placeholder a permissive server accepts. */
    private String[] readKey() throws IOException {
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

    private static HttpResponse<String> send(URI uri, String keyId, String secret, String region)
            throws IOException, InterruptedException {
        String amzDate = AMZ_DATE.format(Instant.now());
        String host = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        RawRequest unsigned = new RawRequest("POST", uri.getRawPath(), null,
                Map.of("host", List.of(host), "x-amz-date", List.of(amzDate)), new byte[0]);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("X-Amz-Date", amzDate)
                .header("Authorization", SigV4.authorization(unsigned, keyId, secret, region, "iot"))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
