package io.fleetline.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real AWS CLI pointed at a test server: {@code /usr/bin/aws} is Debian's v2; a plain {@code aws} on the
 * PATH may be the pip v1. Each run gets an empty HOME and the server's credentials files.
 */
public final class AwsCli {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String binary;
    private final String label;
    /** A HOME kept across runs (for models added with {@code aws configure add-model}); empty: a new one each run. */
    private final java.util.Optional<Path> home;

    private AwsCli(String binary, String label) {
        this(binary, label, java.util.Optional.empty());
    }

    private AwsCli(String binary, String label, java.util.Optional<Path> home) {
        this.binary = binary;
        this.label = label;
        this.home = home;
    }

    /**
     * This CLI with Fleetline's companion model added ({@code aws configure add-model}), so that
     * {@code aws fleetline ...} works, in a HOME of its own that its runs share.
     */
    public AwsCli withFleetlineModel(Path modelFile) {
        try {
            AwsCli withHome = new AwsCli(binary, label, java.util.Optional.of(Files.createTempDirectory("aws-home")));
            Result added = withHome.exec(List.of(binary, "configure", "add-model", "--service-model",
                    "file://" + modelFile.toAbsolutePath(), "--service-name", "fleetline"), null, null);
            if (!added.ok()) {
                throw new IllegalStateException("aws configure add-model failed: " + added.stderr());
            }
            return withHome;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Debian's AWS CLI v2, if installed. */
    public static Optional<AwsCli> v2() {
        Path path = Path.of("/usr/bin/aws");
        return Files.isExecutable(path) && versionOf(path.toString()).startsWith("aws-cli/2")
                ? Optional.of(new AwsCli(path.toString(), "v2")) : Optional.empty();
    }

    /** An AWS CLI v1 found on the PATH, if any. */
    public static Optional<AwsCli> v1() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "aws");
            if (Files.isExecutable(candidate) && versionOf(candidate.toString()).startsWith("aws-cli/1")) {
                return Optional.of(new AwsCli(candidate.toString(), "v1"));
            }
        }
        return Optional.empty();
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return "aws " + label;
    }

    /** Runs {@code aws --endpoint-url <server> <args>} with the server's credentials. */
    public Result run(TestServer server, String... args) {
        List<String> command = new ArrayList<>(List.of(binary, "--endpoint-url", server.endpoint(), "--output", "json"));
        command.addAll(Arrays.asList(args));
        return exec(command, server.credentialsFile(), server.configFile());
    }

    /** Like {@link #run} but unsigned ({@code --no-sign-request}). */
    public Result runUnsigned(TestServer server, String... args) {
        List<String> all = new ArrayList<>(List.of("--no-sign-request"));
        all.addAll(Arrays.asList(args));
        return run(server, all.toArray(String[]::new));
    }

    private Result exec(List<String> command, Path credentials, Path config) {
        try {
            Path home = this.home.isPresent() ? this.home.get() : Files.createTempDirectory("aws-home");
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
            builder.environment().put("HOME", home.toString());
            if (credentials != null) {
                builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
                builder.environment().put("AWS_CONFIG_FILE", config.toString());
            }
            builder.environment().put("AWS_PAGER", "");
            builder.environment().put("AWS_MAX_ATTEMPTS", "1");
            Path out = home.resolve("stdout");
            Path err = home.resolve("stderr");
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("aws did not finish in 120 s: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String versionOf(String binary) {
        try {
            Process p = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return text.trim();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** What a CLI run printed, and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** The printed JSON; an empty output reads as an empty object. */
        public JsonNode json() {
            if (!ok()) {
                throw new AssertionError("aws failed (" + exitCode + "): " + stderr);
            }
            try {
                return stdout.isBlank() ? JSON.createObjectNode() : JSON.readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("aws printed no JSON: " + stdout, e);
            }
        }

        /** The AWS error code the CLI printed, e.g. {@code ResourceNotFoundException}. */
        public String errorCode() {
            int open = stderr.indexOf("An error occurred (");
            if (open < 0) {
                return "";
            }
            int start = open + "An error occurred (".length();
            return stderr.substring(start, stderr.indexOf(')', start));
        }
    }
}
