package io.fleetline.server;

import io.fleetline.server.config.StorageSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The flags of a command that talks to a running server ({@code --data-dir}, {@code --endpoint-url},
 * {@code --region}; a picocli mixin of {@code reset} and {@code signing-key create}), and reaching that server with
 * them: exit code 2 when there is none to be found, 1 when it cannot be reached.
 */
final class RunningServerFlags implements SettingsDefaults.FromRecords {

    @Option(names = "--data-dir",
            description = "The server's data directory: endpoint.json and credentials are read from it "
                    + "(default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--endpoint-url", description = "The server's API URL (default: the one in endpoint.json).")
    String endpointUrl;

    @Option(names = "--region", description = "Region to sign for (default: the one in endpoint.json, else us-east-1).")
    String region;

    @Override
    public Map<String, String> flagDefaults() {
        return Map.of("data-dir", StorageSettings.DEFAULT_DATA_DIR.toString());
    }

    /** What a command asks of the server; answers the command's exit code. */
    interface Request {
        int send(ServerClient server) throws IOException, InterruptedException;
    }

    /**
     * Sends {@code request} to the server these flags name. When that fails on I/O, says so on standard error after
     * {@code failure} ({@code cannot reach the server}).
     */
    int send(String failure, Request request) {
        try {
            Optional<ServerClient> server = ServerClient.of(dataDir, Optional.ofNullable(endpointUrl),
                    Optional.ofNullable(region));
            if (server.isEmpty()) {
                System.err.println("fleetline: no running server found: "
                        + dataDir.resolve(FleetlineServer.ENDPOINT_FILE) + " is missing; give --endpoint-url");
                return 2;
            }
            return request.send(server.get());
        } catch (IOException e) {
            System.err.println("fleetline: " + failure + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
