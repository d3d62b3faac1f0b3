package io.fleetline.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.testkit.ServerProcess;
import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * The SDK clients of a server process ({@link ServerProcess}), configured as a user would from the files it wrote into
 * its data directory ({@code endpoint.json}, {@code credentials}); made anew after each restart, whose ports differ.
 * No retries: a retried request would hide a server that went away.
 */
record ProcessClients(IotClient iot, S3Client s3, AcmClient acm, SignerClient signer, int mqttsPort, Path caFile)
        implements AutoCloseable {

    static ProcessClients of(Path data) {
        JsonNode endpoint = ServerProcess.endpoint(data);
        URI url = URI.create(endpoint.path("http").asText());
        Region region = Region.of(endpoint.path("region").asText());
        ProfileCredentialsProvider credentials = ProfileCredentialsProvider.builder().profileFile(ProfileFile.builder()
                .content(data.resolve("credentials")).type(ProfileFile.Type.CREDENTIALS).build()).build();
        String mqtts = endpoint.path("mqtts").asText();
        return new ProcessClients(
                IotClient.builder().endpointOverride(url).region(region).credentialsProvider(credentials)
                        .httpClient(ApacheHttpClient.create())
                        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build(),
                S3Client.builder().endpointOverride(url).region(region).credentialsProvider(credentials)
                        .forcePathStyle(true).httpClient(ApacheHttpClient.create())
                        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build(),
                AcmClient.builder().endpointOverride(url).region(region).credentialsProvider(credentials)
                        .httpClient(ApacheHttpClient.create())
                        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build(),
                SignerClient.builder().endpointOverride(url).region(region).credentialsProvider(credentials)
                        .httpClient(ApacheHttpClient.create())
                        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build(),
                mqtts.isEmpty() ? -1 : URI.create(mqtts).getPort(),
                Path.of(endpoint.path("caFile").asText()));
    }

    @Override
    public void close() {
        iot.close();
        s3.close();
        acm.close();
        signer.close();
    }
}
