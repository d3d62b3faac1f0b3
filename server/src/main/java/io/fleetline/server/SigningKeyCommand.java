package io.fleetline.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.server.config.StorageSettings;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetline signing-key}: code-signing material for users without a PKI of their own. {@code create} asks a
 * running server for a P-256 key and a self-signed code-signing certificate in the account's ACM
 * ({@code fleetline:CreateCodeSigningCertificate}), prints the certificate ARN for {@code aws signer
 * put-signing-profile}, and writes the certificate (for devices) where {@code --out} says. The key never leaves the
 * server.
 */
@Command(name = "signing-key", mixinStandardHelpOptions = true,
        description = "Code-signing keys made by the server, for users without a PKI of their own.",
        subcommands = SigningKeyCommand.Create.class)
final class SigningKeyCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** {@code fleetline signing-key create --name fw_signer [--out fw_signer.crt]}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Make an ECDSA P-256 key and a self-signed code-signing certificate in the account's ACM; "
                    + "prints the certificate ARN.")
    static final class Create implements Callable<Integer>, SettingsDefaults.FromRecords {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Option(names = "--name", required = true, description = "The certificate's common name, e.g. fw_signer.")
        String name;

        @Option(names = "--out", description = "Write the certificate (PEM) to this file, for devices.")
        Path out;

        @Option(names = "--tag", description = "A tag of the ACM certificate, key=value (repeatable).")
        Map<String, String> tags = new LinkedHashMap<>();

        @Option(names = "--data-dir",
                description = "The server's data directory: endpoint.json and credentials are read from it "
                        + "(default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--endpoint-url", description = "The server's API URL (default: the one in endpoint.json).")
        String endpointUrl;

        @Option(names = "--region",
                description = "Region to sign for (default: the one in endpoint.json, else us-east-1).")
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
                    System.err.println("fleetline: no running server found: "
                            + dataDir.resolve(FleetlineServer.ENDPOINT_FILE) + " is missing; give --endpoint-url");
                    return 2;
                }
                ObjectNode request = JSON.createObjectNode().put("commonName", name);
                if (!tags.isEmpty()) {
                    tags.forEach(request.putObject("tags")::put);
                }
                HttpResponse<String> response = server.get().post("/_fleetline/code-signing/certificates",
                        request.toString(), "fleetline");
                if (response.statusCode() != 200) {
                    System.err.println("fleetline: refused (" + response.statusCode() + "): " + response.body());
                    return 1;
                }
                JsonNode made = JSON.readTree(response.body());
                String arn = made.path("certificateArn").asText();
                if (out != null) {
                    Files.writeString(out, made.path("certificate").asText());
                    System.err.println("fleetline: the certificate is in " + out);
                } else {
                    System.err.println("fleetline: the certificate: aws acm get-certificate --certificate-arn " + arn);
                }
                System.out.println(arn);
                return 0;
            } catch (IOException e) {
                System.err.println("fleetline: cannot reach the server or write the certificate: " + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
    }
}
