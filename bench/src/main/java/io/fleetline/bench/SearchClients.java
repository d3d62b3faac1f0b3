package io.fleetline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.testkit.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;

/** The AWS SDK clients of the search benchmark, signed with the server's admin key; none retries a failure. */
final class SearchClients {
    private SearchClients() {
    }

    /** An IoT client holding up to {@code connections} connections. */
    static IotClient iot(Path dataDir, int connections) {
        JsonNode endpoint = ServerProcess.endpoint(dataDir);
        return IotClient.builder().endpointOverride(URI.create(endpoint.get("http").asText()))
                .region(Region.of(endpoint.get("region").asText())).credentialsProvider(credentials(dataDir))
                .httpClient(ApacheHttpClient.builder().maxConnections(connections).build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** An IoT client that waits hours for an answer: UpdateIndexingConfiguration answers once the index is built. */
    static IotClient patient(Path dataDir) {
        JsonNode endpoint = ServerProcess.endpoint(dataDir);
        return IotClient.builder().endpointOverride(URI.create(endpoint.get("http").asText()))
                .region(Region.of(endpoint.get("region").asText())).credentialsProvider(credentials(dataDir))
                .httpClient(ApacheHttpClient.builder().socketTimeout(Duration.ofHours(3)).build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** The iot-data client (UpdateThingShadow), on the API port as the CLI reaches it with {@code --endpoint-url}. */
    static IotDataPlaneClient data(Path dataDir) {
        JsonNode endpoint = ServerProcess.endpoint(dataDir);
        return IotDataPlaneClient.builder().endpointOverride(URI.create(endpoint.get("http").asText()))
                .region(Region.of(endpoint.get("region").asText())).credentialsProvider(credentials(dataDir))
                .httpClient(ApacheHttpClient.builder().maxConnections(16).build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static AwsCredentialsProvider credentials(Path dataDir) {
        return ProfileCredentialsProvider.builder().profileFile(ProfileFile.builder()
                .content(dataDir.resolve("credentials")).type(ProfileFile.Type.CREDENTIALS).build()).build();
    }

    /** The size of a directory's files, in MB. */
    static long megabytes(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum() >> 20;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a work directory and everything in it. */
    static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
