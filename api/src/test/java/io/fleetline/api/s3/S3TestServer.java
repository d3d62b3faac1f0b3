package io.fleetline.api.s3;

import io.fleetline.api.auth.Caller;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.api.model.ServiceModel;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A real Jetty on loopback that serves S3 with the codec alone: it routes with {@link S3Router}, binds, calls the
 * handlers and writes with {@link S3Endpoint}, as the streaming route will once joined (no authentication here; an
 * {@code aws-chunked} body is decoded by {@link AwsChunkedStream}). Hosts {@code localhost} and {@code bucket.localhost}
 * are this server's names, so clients may address buckets either way.
 */
final class S3TestServer implements AutoCloseable {
    static final ServiceModel S3 = ServiceModel.load("s3");

    private final Server server = new Server();
    private final ServerConnector connector;

    S3TestServer(S3Handlers handlers) throws Exception {
        HttpConfiguration config = new HttpConfiguration();
        config.setUriCompliance(UriCompliance.UNSAFE);
        connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        S3Endpoint endpoint = new S3Endpoint(new S3Router(S3, List.of("localhost")), handlers);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                serve(endpoint, request, response, callback);
                return true;
            }
        });
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    private static void serve(S3Endpoint endpoint, Request request, Response response, Callback callback)
            throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(field.getValue());
        }
        RawRequest head = new RawRequest(request.getMethod(), request.getHttpURI().getPath(),
                request.getHttpURI().getQuery(), headers, new byte[0]);
        InputStream raw = Content.Source.asInputStream(request);
        boolean chunked = head.header("content-encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("aws-chunked"))
                .orElse(false);
        AwsChunkedStream decoded = chunked ? new AwsChunkedStream(raw) : null;
        RequestPayload body = new RequestPayload() {
            @Override
            public InputStream stream() {
                return chunked ? decoded : raw;
            }

            @Override
            public Map<String, String> trailers() {
                return chunked ? decoded.trailers() : Map.of();
            }
        };
        S3Response answer = endpoint.handle(head, body, Caller.ANONYMOUS, UUID.randomUUID().toString());
        response.setStatus(answer.status());
        answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        if (answer.payload().isEmpty()) {
            if (!answer.headers().containsKey("Content-Length")) {
                response.getHeaders().put("Content-Length", Long.toString(answer.body().length));
            }
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
            return;
        }
        try (OutputStream out = Content.Sink.asOutputStream(response);
             InputStream in = switch (answer.payload().get()) {
                 case ResponsePayload.Streamed streamed -> streamed.stream();
                 case ResponsePayload.FileRange range -> Channels.newInputStream(range.channel().position(range.offset()));
             }) {
            long left = answer.payload().get().length();
            byte[] buffer = new byte[8192];
            while (left > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    break;
                }
                out.write(buffer, 0, read);
                left -= read;
            }
        }
        callback.succeeded();
    }

    /** The address a client uses: {@code http://127.0.0.1:port} (path-style) or {@code http://localhost:port}. */
    String endpoint(String host) {
        return "http://" + host + ":" + port();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the test server did not stop", e);
        }
    }
}
