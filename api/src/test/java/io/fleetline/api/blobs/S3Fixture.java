package io.fleetline.api.blobs;

import io.fleetline.api.auth.Caller;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.s3.RequestPayload;
import io.fleetline.api.s3.ResponsePayload;
import io.fleetline.api.s3.S3Endpoint;
import io.fleetline.api.s3.S3Response;
import io.fleetline.api.s3.S3Router;
import io.fleetline.blobs.Blobs;
import io.fleetline.blobs.content.FileContentStore;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.time.ManualClock;
import io.fleetline.storage.Database;
import io.fleetline.storage.blobs.JdbcBlobMetadataStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 endpoint with the real handlers over a real object store (SQLite, a content directory), driven with requests
 * as clients send them; answers are read as a client would see them (status, headers, XML, the streamed bytes).
 */
abstract class S3Fixture {
    static final ServiceModel S3 = ServiceModel.load("s3");
    static final String ACCOUNT = "123456789012";
    static final String BUCKET = "my-iot-firmware";
    static final Instant START = Instant.parse("2026-06-01T12:00:00Z");

    final ManualClock clock = new ManualClock(START);
    @TempDir
    Path dir;
    Database database;
    Blobs blobs;
    S3Endpoint endpoint;
    private int requests;

    /** A database migrated once per run, copied for each test: migrating takes longer than most tests. */
    private static Path template;

    @BeforeEach
    void open() throws IOException {
        Path db = dir.resolve("account.db");
        Files.copy(template(), db);
        database = Database.open("jdbc:sqlite:" + db.toAbsolutePath());
        blobs = Blobs.open(new JdbcBlobMetadataStore(database), FileContentStore.open(dir.resolve("blobs")),
                new AccountScope("eu-west-1", ACCOUNT), clock);
        endpoint = new S3Endpoint(new S3Router(S3, List.of("localhost")), BlobsApi.handlers(S3, blobs));
    }

    private static synchronized Path template() throws IOException {
        if (template == null) {
            Path directory = Files.createTempDirectory("fleetline-s3-handlers");
            Path db = directory.resolve("template.db");
            Database.open("jdbc:sqlite:" + db.toAbsolutePath()).close();
            directory.toFile().deleteOnExit();  // after the file: files go in the reverse order of these calls
            db.toFile().deleteOnExit();
            template = db;
        }
        return template;
    }

    @AfterEach
    void close() {
        database.close();
    }

    Request request(String method, String target) {
        return new Request(method, target);
    }

    Reply createBucket(String name) {
        return request("PUT", "/" + name).send();
    }

    Reply put(String path, String text) {
        return request("PUT", path).body(text).send();
    }

    Reply get(String path) {
        return request("GET", path).send();
    }

    /** A request being written: method, target (path and query, raw), headers, body. */
    final class Request {
        private final String method;
        private final String target;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private byte[] body = new byte[0];
        private Map<String, String> trailers = Map.of();
        private boolean declareLength = true;

        Request(String method, String target) {
            this.method = method;
            this.target = target;
            header("Host", "localhost:8080");
        }

        Request header(String name, String value) {
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        Request body(String text) {
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        Request body(byte[] bytes) {
            this.body = bytes;
            return this;
        }

        /** The body as an aws-chunked payload the route decoded: these trailing headers, known once it was read. */
        Request trailers(Map<String, String> trailing) {
            this.trailers = trailing;
            header("x-amz-trailer", String.join(",", trailing.keySet()));
            return this;
        }

        Request withoutLength() {
            declareLength = false;
            return this;
        }

        Reply send() {
            if (declareLength && !headers.containsKey("Content-Length")) {
                header("Content-Length", Integer.toString(body.length));
            }
            int question = target.indexOf('?');
            RawRequest head = new RawRequest(method, question < 0 ? target : target.substring(0, question),
                    question < 0 ? "" : target.substring(question + 1), headers, new byte[0]);
            byte[] bytes = body;
            Map<String, String> trailing = trailers;
            RequestPayload payload = new RequestPayload() {
                private boolean ended;

                @Override
                public InputStream stream() {
                    return new ByteArrayInputStream(bytes) {
                        @Override
                        public synchronized int read(byte[] into, int offset, int length) {
                            int n = super.read(into, offset, length);
                            ended |= n < 0;
                            return n;
                        }
                    };
                }

                @Override
                public Map<String, String> trailers() {
                    return ended ? trailing : Map.of();
                }
            };
            return new Reply(endpoint.handle(head, payload, Caller.ANONYMOUS, "req-" + ++requests));
        }
    }

    /** An answer as a client reads it. */
    record Reply(S3Response response) {
        int status() {
            return response.status();
        }

        String header(String name) {
            for (Map.Entry<String, String> entry : response.headers().entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    return entry.getValue();
                }
            }
            return null;
        }

        String xml() {
            return new String(response.body(), StandardCharsets.UTF_8);
        }

        /** The text of every element of that name, in order. */
        List<String> all(String element) {
            Matcher m = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(xml());
            List<String> values = new ArrayList<>();
            while (m.find()) {
                values.add(m.group(1).replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<")
                        .replace("&gt;", ">"));
            }
            return values;
        }

        String one(String element) {
            List<String> values = all(element);
            if (values.size() != 1) {
                throw new AssertionError("expected one <" + element + "> in " + xml());
            }
            return values.get(0);
        }

        String code() {
            return one("Code");
        }

        /** The streamed bytes, read as the route sends them (a file region or a stream). */
        byte[] bytes() {
            ResponsePayload payload = response.payload().orElseThrow(() -> new AssertionError("no payload: " + xml()));
            return switch (payload) {
                case ResponsePayload.FileRange file -> {
                    try (FileChannel channel = file.channel()) {
                        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(file.length()));
                        while (buffer.hasRemaining() && channel.read(buffer, file.offset() + buffer.position()) > 0) {
                            // positional reads until the region is read
                        }
                        yield buffer.array();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                case ResponsePayload.Streamed streamed -> {
                    try (InputStream in = streamed.stream()) {
                        yield in.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        }

        String text() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }
    }

    static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static String quotedMd5(byte[] bytes) {
        return '"' + HexFormat.of().formatHex(digest("MD5", bytes)) + '"';
    }

    static byte[] bytes(int size, int seed) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + seed * 7 + i / 251);
        }
        return bytes;
    }
}
