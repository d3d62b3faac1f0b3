package io.fleetline.server;

import io.fleetline.server.config.StorageSettings;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
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
            Optional<ServerClient> server = ServerClient.of(dataDir, Optional.ofNullable(endpointUrl),
                    Optional.ofNullable(region));
            if (server.isEmpty()) {
                System.err.println("fleetline: no running server found: " + dataDir.resolve(FleetlineServer.ENDPOINT_FILE)
                        + " is missing; give --endpoint-url");
                return 2;
            }
            HttpResponse<String> response = server.get().post(FleetlineServer.RESET_PATH, "", "iot");
            if (response.statusCode() != 200) {
                System.err.println("fleetline: reset refused (" + response.statusCode() + "): " + response.body());
                return 1;
            }
            System.out.println("fleetline: reset " + server.get().url());
            return 0;
        } catch (IOException e) {
            System.err.println("fleetline: cannot reach the server: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
