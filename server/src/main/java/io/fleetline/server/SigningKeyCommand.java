package io.fleetline.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    static final class Create implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Option(names = "--name", required = true, description = "The certificate's common name, e.g. fw_signer.")
        String name;

        @Option(names = "--out", description = "Write the certificate (PEM) to this file, for devices.")
        Path out;

        @Option(names = "--tag", description = "A tag of the ACM certificate, key=value (repeatable).")
        Map<String, String> tags = new LinkedHashMap<>();

        @Mixin
        RunningServerFlags server;

        @Override
        public Integer call() {
            return server.send("cannot reach the server or write the certificate", client -> {
                ObjectNode request = JSON.createObjectNode().put("commonName", name);
                if (!tags.isEmpty()) {
                    tags.forEach(request.putObject("tags")::put);
                }
                HttpResponse<String> response = client.post("/_fleetline/code-signing/certificates",
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
            });
        }
    }
}
