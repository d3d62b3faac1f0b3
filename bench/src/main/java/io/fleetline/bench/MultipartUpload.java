package io.fleetline.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * One multipart upload of a file with the AWS SDK for Java v2's {@code S3Client}, as a firmware pipeline would
 * publish an image: CreateMultipartUpload, the parts (of {@code partSize}, the last one shorter) sent
 * {@code parallel} at a time, each read from the file where it lies, then CompleteMultipartUpload. The time counts
 * from the first request to the completion's answer, the assembly of the parts on the server included.
 */
final class MultipartUpload {
    private MultipartUpload() {
    }

    /**
     * The SDK's S3 client for a server, path-style, as for any S3-compatible store. Flexible checksums only where an
     * operation requires them: s3proxy 2.6.0 refuses the SDK's default CRC32 trailers over plain HTTP (see
     * docs/architecture.md, "The external store"), and both servers are to get the same requests.
     */
    static S3Client client(URI endpoint, Region region, AwsCredentialsProvider credentials, int connections,
                           AtomicReference<String> payloadMode) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(ApacheHttpClient.builder().maxConnections(connections)
                        .socketTimeout(Duration.ofMinutes(10)).build())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofMinutes(30))
                        .addExecutionInterceptor(new PayloadMode(payloadMode)))
                .build();
    }

    /**
     * Uploads {@code file} as {@code bucket/key}.
     *
     * @param server the server's process, whose CPU is measured
     */
    static Result run(S3Client s3, String bucket, String key, Path file, long partSize, int parallel,
                      ProcessHandle server) throws IOException, InterruptedException {
        long size = Files.size(file);
        int parts = (int) ((size + partSize - 1) / partSize);
        double serverStart = WrkLoad.cpuSeconds(server);
        double clientStart = ownCpuSeconds();
        double machineStart = CpuUse.machineBusy();
        long start = System.nanoTime();
        String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<Future<CompletedPart>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < parts; i++) {
                int number = i + 1;
                long offset = i * partSize;
                long length = Math.min(partSize, size - offset);
                futures.add(pool.submit(() -> {
                    UploadPartRequest request = UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                            .partNumber(number).contentLength(length).build();
                    String etag = s3.uploadPart(request, RequestBody.fromContentProvider(
                            slice(file, offset, length), length, "application/octet-stream")).eTag();
                    return CompletedPart.builder().partNumber(number).eTag(etag).build();
                }));
            }
            List<CompletedPart> completed = new ArrayList<>();
            for (Future<CompletedPart> f : futures) {
                completed.add(f.get());
            }
            long partsDone = System.nanoTime();
            s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(completed)));
            long end = System.nanoTime();
            return new Result(size, parts, (end - start) / 1e9, (end - partsDone) / 1e9,
                    WrkLoad.cpuSeconds(server) - serverStart, ownCpuSeconds() - clientStart,
                    CpuUse.machineBusy() - machineStart);
        } catch (ExecutionException e) {
            s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
            throw new IllegalStateException("a part failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** CPU seconds of this JVM alone (the servers are its child processes: their CPU is not the client's). */
    private static double ownCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
    }

    /** The bytes {@code [offset, offset + length)} of the file, opened afresh each time the SDK asks (it may twice). */
    private static ContentStreamProvider slice(Path file, long offset, long length) {
        return () -> {
            try {
                FileChannel channel = FileChannel.open(file).position(offset);
                return new Bounded(Channels.newInputStream(channel), length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** The first {@code remaining} bytes of a stream. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long remaining;

        Bounded(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Notes the payload form the SDK chose for the parts ({@code x-amz-content-sha256}), to print it. */
    private record PayloadMode(AtomicReference<String> seen) implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.request() instanceof UploadPartRequest) {
                context.httpRequest().firstMatchingHeader("x-amz-content-sha256")
                        .ifPresent(v -> seen.compareAndSet(null, v.length() == 64 ? "hex SHA-256 of the part" : v));
            }
        }
    }

    /**
     * @param seconds         from CreateMultipartUpload to the completion's answer
     * @param completeSeconds the completion alone (the server joins the parts)
     * @param serverCpu       CPU seconds of the server meanwhile
     * @param clientCpu       CPU seconds of this JVM (the SDK client) meanwhile
     * @param machineCpu      CPU seconds the machine's cores were busy meanwhile
     */
    record Result(long bytes, int parts, double seconds, double completeSeconds, double serverCpu, double clientCpu,
                  double machineCpu) {
        double megabytesPerSecond() {
            return bytes / 1e6 / seconds;
        }
    }
}
