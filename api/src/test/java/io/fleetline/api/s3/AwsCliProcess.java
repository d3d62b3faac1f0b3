package io.fleetline.api.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One of the real AWS CLIs against a test server: Debian's v2 ({@code /usr/bin/aws}) or the pip v1 when the PATH has
 * one (a test asking for v1 is skipped without it), run with throwaway credentials, no retries, and a home of its own
 * under {@code dir}.
 */
record AwsCliProcess(String binary, Path dir, S3TestServer server) {
    record Result(int exit, String out, String err) {
    }

    static AwsCliProcess of(String version, Path dir, S3TestServer server) {
        if (version.equals("v2")) {
            return new AwsCliProcess("/usr/bin/aws", dir, server);
        }
        Optional<String> v1 = onPath();
        assumeTrue(v1.isPresent(), "no AWS CLI v1 on the PATH");
        return new AwsCliProcess(v1.get(), dir, server);
    }

    private static Optional<String> onPath() {
        for (String path : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(path, "aws");
            if (Files.isExecutable(candidate) && version(candidate.toString()).startsWith("aws-cli/1")) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    private static String version(String binary) {
        try {
            Process process = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor(60, TimeUnit.SECONDS) ? out.trim() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    Result run(String... args) {
        Result result = exec(args);
        assertThat(result.exit()).as("%s %s: %s", binary, String.join(" ", args), result.err()).isZero();
        return result;
    }

    Result fail(String... args) {
        Result result = exec(args);
        assertThat(result.exit()).as("%s %s", binary, String.join(" ", args)).isNotZero();
        return result;
    }

    private Result exec(String... args) {
        List<String> command = new ArrayList<>(List.of(binary, "--endpoint-url", server.endpoint("127.0.0.1")));
        command.addAll(List.of(args));
        try {
            Path home = Files.createTempDirectory(dir, "home");
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(Map.of("HOME", home.toString(), "AWS_ACCESS_KEY_ID", "AKID",
                    "AWS_SECRET_ACCESS_KEY", "secret", "AWS_DEFAULT_REGION", "us-east-1", "AWS_MAX_ATTEMPTS", "1",
                    "AWS_PAGER", "", "AWS_CONFIG_FILE", home.resolve("config").toString(),
                    "AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString(),
                    "AWS_EC2_METADATA_DISABLED", "true", "PYTHONIOENCODING", "utf-8"));
            Path out = home.resolve("stdout");
            Path err = home.resolve("stderr");
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("aws " + String.join(" ", args) + " did not finish");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
