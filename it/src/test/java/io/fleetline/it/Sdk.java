package io.fleetline.it;

import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.TestServer;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;

/** AWS SDK for Java v2 clients pointed at a test server. */
final class Sdk {
    private Sdk() {
    }

    static IotClient iot(TestServer server) {
        return iot(server, StaticCredentialsProvider.create(
                AwsBasicCredentials.create(server.accessKeyId(), server.secretKey())));
    }

    static IotDataPlaneClient data(TestServer server) {
        return IotDataPlaneClient.builder()
                .endpointOverride(URI.create(server.endpoint()))
                .region(Region.of(server.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKeyId(), server.secretKey())))
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /**
     * A new thing {@code thing} and its device: a new ACTIVE certificate with policy {@code policy} attached, the
     * thing's principal.
     */
    static DeviceIdentity thingDevice(IotClient iot, String thing, String policy) {
        iot.createThing(r -> r.thingName(thing));
        var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
        iot.attachPolicy(r -> r.policyName(policy).target(keys.certificateArn()));
        iot.attachThingPrincipal(r -> r.thingName(thing).principal(keys.certificateArn()));
        return new DeviceIdentity(keys.certificateArn(), keys.certificateId(), keys.certificatePem(),
                keys.keyPair().privateKey());
    }

    /** DescribeJob's counters by name (numberOfSucceededThings, ...). */
    static java.util.Map<String, Long> jobProcess(IotClient iot, String jobId) {
        var details = iot.describeJob(r -> r.jobId(jobId)).job().jobProcessDetails();
        return java.util.Map.of("succeeded", (long) details.numberOfSucceededThings(),
                "failed", (long) details.numberOfFailedThings(), "rejected", (long) details.numberOfRejectedThings(),
                "queued", (long) details.numberOfQueuedThings(), "inProgress", (long) details.numberOfInProgressThings(),
                "timedOut", (long) details.numberOfTimedOutThings(), "canceled", (long) details.numberOfCanceledThings(),
                "removed", (long) details.numberOfRemovedThings());
    }

    static software.amazon.awssdk.services.iotjobsdataplane.IotJobsDataPlaneClient jobsData(TestServer server) {
        return software.amazon.awssdk.services.iotjobsdataplane.IotJobsDataPlaneClient.builder()
                .endpointOverride(URI.create(server.endpoint()))
                .region(Region.of(server.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKeyId(), server.secretKey())))
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** The S3 client as a user configures it for a local endpoint: path-style, default checksum settings. */
    static software.amazon.awssdk.services.s3.S3Client s3(TestServer server) {
        return s3(server, server.accessKeyId(), server.secretKey(), server.region());
    }

    /** An S3 client signing with {@code keyId} and {@code secret} for {@code region} (permissive accounts). */
    static software.amazon.awssdk.services.s3.S3Client s3(TestServer server, String keyId, String secret,
                                                          String region) {
        return software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(URI.create(server.endpoint()))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
                .forcePathStyle(true)
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** Presigned URLs for the server's S3 API, path-style, signed with the admin key. */
    static software.amazon.awssdk.services.s3.presigner.S3Presigner presigner(TestServer server) {
        return software.amazon.awssdk.services.s3.presigner.S3Presigner.builder()
                .endpointOverride(URI.create(server.endpoint()))
                .region(Region.of(server.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKeyId(), server.secretKey())))
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .pathStyleAccessEnabled(true).build())
                .build();
    }

    static IotClient iotWithSecret(TestServer server, String secret) {
        return iot(server, StaticCredentialsProvider.create(AwsBasicCredentials.create(server.accessKeyId(), secret)));
    }

    static IotClient anonymous(TestServer server) {
        return iot(server, AnonymousCredentialsProvider.create());
    }

    private static IotClient iot(TestServer server, AwsCredentialsProvider credentials) {
        return IotClient.builder()
                .endpointOverride(URI.create(server.endpoint()))
                .region(Region.of(server.region()))
                .credentialsProvider(credentials)
                .httpClient(ApacheHttpClient.create())
                // a retried request would hide the error a test expects
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
