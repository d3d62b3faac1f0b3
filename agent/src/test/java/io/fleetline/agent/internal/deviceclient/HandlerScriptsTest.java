package io.fleetline.agent.internal.deviceclient;

import static io.fleetline.agent.internal.deviceclient.Documents.document;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fleetline.agent.JobHandler.Outcome;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standard handlers, installed and run for real (download-file.sh against HTTP and HTTPS servers on loopback, the
 * latter trusted through {@code FLEETLINE_SERVER_CA}).
 */
class HandlerScriptsTest {
    @TempDir
    Path dir;
    private Path handlers;
    private Path work;
    private HttpServer server;
    private final byte[] image = new byte[300_000];

    @BeforeEach
    void installed_handlers_and_a_file_server() throws Exception {
        handlers = dir.resolve("jobs");
        DeviceClientJobs.installHandlers(handlers);
        work = Files.createDirectories(dir.resolve("work"));
        new Random(7).nextBytes(image);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/images/app.bin", exchange -> {
            exchange.sendResponseHeaders(200, image.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(image);
            }
        });
        server.createContext("/chunked/app.bin", exchange -> {
            exchange.sendResponseHeaders(200, 0);  // no Content-Length: the size shows only as it comes
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(image);
            } catch (java.io.IOException e) {
                // the client stopped reading
            }
        });
        server.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop_the_server() {
        server.stop(0);
    }

    @Test
    void installs_the_handlers_the_managed_templates_name_with_mode_0700() throws Exception {
        Path loose = Files.createDirectories(dir.resolve("loose"));
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rwxr-xr-x"));

        List<Path> installed = DeviceClientJobs.installHandlers(loose);

        assertThat(installed).extracting(path -> path.getFileName().toString()).containsExactly("download-file.sh",
                "reboot.sh", "install-packages.sh", "remove-packages.sh", "start-services.sh", "stop-services.sh",
                "restart-services.sh");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(loose))).isEqualTo("rwx------");
        for (Path handler : installed) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(handler))).isEqualTo("rwx------");
            assertThat(Files.readString(handler)).startsWith("#!/bin/sh\n");
        }
        assertThat(loose).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void download_file_fetches_a_url_into_the_file() throws Exception {
        Path target = work.resolve("app.bin");

        Outcome outcome = run(document().includeStdOut().handler("Download-File", "download-file.sh",
                url("/images/app.bin"), target.toString()));

        assertThat(outcome).isEqualTo(new Outcome.Succeeded(Map.of("reason", "Job exited with status: 0", "stdout",
                "Downloading " + url("/images/app.bin") + " to " + target + " Downloaded 300000 bytes")));
        assertThat(target).hasBinaryContent(image);
    }

    @Test
    void download_file_writes_beside_the_file_and_moves_it_into_place_leaving_nothing_else() throws Exception {
        Path target = work.resolve("app.bin");
        Files.writeString(target, "the old one");

        Outcome outcome = run(document().handler("Download-File", "download-file.sh", url("/images/app.bin"),
                target.toString()));

        assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
        assertThat(target).hasBinaryContent(image);
        try (var files = Files.list(work)) {
            assertThat(files).containsExactly(target);
        }
        Path fresh = Files.createFile(dir.resolve("fresh"));
        assertThat(Files.getPosixFilePermissions(target)).as("the mode of a file written afresh, not mktemp's 0600")
                .isEqualTo(Files.getPosixFilePermissions(fresh));
    }

    @Test
    void download_file_refuses_a_file_larger_than_its_limit_and_leaves_the_old_file_as_it_was() throws Exception {
        Path target = work.resolve("app.bin");
        Files.writeString(target, "the old one");
        DeviceClientJobs limited = new DeviceClientJobs(handlers, List.of(), () -> {
        }, DeviceClientJobs.Limits.DEFAULT, Map.of("FLEETLINE_DOWNLOAD_MAX_BYTES", "100000"));

        for (String path : List.of("/images/app.bin", "/chunked/app.bin")) {
            Outcome outcome = limited.run(TestJob.of(document().handler("Download-File", "download-file.sh",
                    url(path), target.toString()).json(), work));

            assertThat(((Outcome.Failed) outcome).statusDetails().get("stderr")).as(path).isEqualTo(
                    "download-file.sh: " + url(path) + " is larger than 100000 bytes (FLEETLINE_DOWNLOAD_MAX_BYTES); "
                            + "nothing was written");
            assertThat(target).hasContent("the old one");
            try (var files = Files.list(work)) {
                assertThat(files).as("no partial file left").containsExactly(target);
            }
        }
    }

    @Test
    void download_file_trusts_the_servers_ca_for_an_https_url_the_system_does_not_vouch_for() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("tls"));
        HttpsServer https = selfSignedServer(keys);
        try {
            String url = "https://127.0.0.1:" + https.getAddress().getPort() + "/images/app.bin";
            Path target = work.resolve("app.bin");
            Path untrusted = work.resolve("untrusted.bin");

            Outcome trusted = new DeviceClientJobs(handlers, List.of(), () -> {
            }, DeviceClientJobs.Limits.DEFAULT, Map.of(DeviceClientJobs.SERVER_CA_VARIABLE,
                    keys.resolve("ca.pem").toString())).run(TestJob.of(document().handler("Download-File",
                    "download-file.sh", url, target.toString()).json(), work));
            Outcome unknown = run(document().handler("Download-File", "download-file.sh", url, untrusted.toString()));

            assertThat(trusted).isEqualTo(new Outcome.Succeeded(Map.of("reason", "Job exited with status: 0")));
            assertThat(target).hasBinaryContent(image);
            assertThat(((Outcome.Failed) unknown).statusDetails().get("stderr")).contains("(60)");
            assertThat(untrusted).doesNotExist();
        } finally {
            https.stop(0);
        }
    }

    /** An HTTPS server on loopback serving the image, its certificate self-signed (by keytool) and in ca.pem. */
    private HttpsServer selfSignedServer(Path keys) throws Exception {
        Path store = keys.resolve("server.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", store.toString(), "-storepass", "changeit",
                "-file", keys.resolve("ca.pem").toString());
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        https.createContext("/images/app.bin", exchange -> {
            exchange.sendResponseHeaders(200, image.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(image);
            }
        });
        https.start();
        return https;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
    }

    @Test
    void download_file_fails_on_a_missing_file_and_leaves_nothing_behind() throws Exception {
        Path target = work.resolve("missing.bin");

        Outcome outcome = run(document().handler("Download-File", "download-file.sh", url("/missing"),
                target.toString()));

        assertThat(((Outcome.Failed) outcome).reason()).startsWith("Job exited with status: ");
        assertThat(((Outcome.Failed) outcome).statusDetails().get("stderr")).contains("404");
        assertThat(target).doesNotExist();
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void download_file_takes_only_http_and_https_urls() throws Exception {
        Outcome outcome = run(document().handler("Download-File", "download-file.sh", "file:///etc/passwd",
                work.resolve("passwd").toString()));

        assertThat(outcome).isEqualTo(new Outcome.Failed("Job exited with status: 2 (step Download-File)", Map.of(
                "reason", "Job exited with status: 2 (step Download-File)",
                "stderr", "download-file.sh: only http and https URLs are downloaded, not: file:///etc/passwd")));
        assertThat(work.resolve("passwd")).doesNotExist();
    }

    @Test
    void package_and_service_handlers_refuse_names_a_tool_would_take_for_options() throws Exception {
        Outcome install = run(document().handler("Install-Application", "install-packages.sh",
                "nano -oDebug::pkgProblemResolver=true"));
        Outcome restart = run(document().handler("Restart-Application", "restart-services.sh", "ssh --now"));

        assertThat(((Outcome.Failed) install).statusDetails()).containsEntry("stderr",
                "install-packages.sh: not a package name: -oDebug::pkgProblemResolver=true");
        assertThat(((Outcome.Failed) restart).statusDetails()).containsEntry("stderr",
                "restart-services.sh: not a service name: --now");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private Outcome run(Documents document) throws Exception {
        return new DeviceClientJobs(handlers, List.of(), () -> {
        }).run(TestJob.of(document.json(), work));
    }
}
