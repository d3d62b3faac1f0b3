package io.fleetline.server;

import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code fleetline reset}: asks a running server to wipe all its state ({@code POST /_fleetline/reset}), signed with
 * the admin key from the data directory. With {@code --endpoint-url} and no credentials file (a permissive server)
 * it signs with a placeholder key, which such a server accepts.
 */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Wipe all state of a running server (things, certificates, policies, jobs, retained messages, "
                + "MQTT sessions); access keys and the CA stay.")
final class ResetCommand implements Callable<Integer> {
    @Mixin
    RunningServerFlags server;

    @Override
    public Integer call() {
        return server.send("cannot reach the server", client -> {
            HttpResponse<String> response = client.post(FleetlineServer.RESET_PATH, "", "iot");
            if (response.statusCode() != 200) {
                System.err.println("fleetline: reset refused (" + response.statusCode() + "): " + response.body());
                return 1;
            }
            System.out.println("fleetline: reset " + client.url());
            return 0;
        });
    }
}
