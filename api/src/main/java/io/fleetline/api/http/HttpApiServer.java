package io.fleetline.api.http;

import io.fleetline.api.binding.RawRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import io.fleetline.api.auth.Authenticator;
import io.fleetline.api.mqtt.BrokerConnector;
import io.fleetline.api.mqtt.MqttWebSocket;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP listener of the API, on Jetty with request handling on virtual threads. It keeps the raw path
 * (encoded slashes in topics and ARNs must survive) and answers {@code GET /health} itself. A request's body is read
 * only once its head passed authentication and routing, within the {@link HttpLimits}; errors of Jetty's own (bad
 * HTTP, oversize headers) are AWS-shaped too. Requests signed for the service of a {@link StreamingRoute} (S3) go
 * to it instead of the dispatcher: their bodies and responses are streamed, never buffered.
 */
public final class HttpApiServer implements AutoCloseable {
    private static final byte[] HEALTHY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NO_BODY = new byte[0];

    private final Server server;
    private final ServerConnector connector;
    private final Optional<ServerConnector> deviceConnector;
    private final ApiHandler api;
    private final Mounts mounts;

    public HttpApiServer(String bindHost, int port, ApiDispatcher dispatcher) {
        this(bindHost, port, dispatcher, Optional.empty(), Optional.empty(), HttpLimits.defaults());
    }

    /**
     * @param device    the HTTPS device port, where devices authenticate with their certificates and only the data
     *                  planes are served, when it is on
     * @param webSocket MQTT over WebSocket at {@code /mqtt} on the API port: how upgrades are authenticated and
     *                  how the broker is reached, when a broker runs
     * @param limits    what a client may send, and how slowly, on both ports
     */
    public HttpApiServer(String bindHost, int port, ApiDispatcher dispatcher, Optional<DevicePort> device,
                         Optional<WebSocketRoute> webSocket, HttpLimits limits) {
        this(bindHost, port, dispatcher, device, webSocket, limits, StreamingRoutes.NONE);
    }

    /**
     * @param streaming the routes whose requests (told apart by the service their credential scope names) are
     *                  streamed beside the dispatcher, on both ports
     */
    public HttpApiServer(String bindHost, int port, ApiDispatcher dispatcher, Optional<DevicePort> device,
                         Optional<WebSocketRoute> webSocket, HttpLimits limits, StreamingRoutes streaming) {
        this(bindHost, port, dispatcher, device, webSocket, limits, streaming, List.of());
    }

    /**
     * @param plain the {@code GET} paths the API port answers itself, beside the dispatcher and the streaming routes
     *              ({@code /metrics}); never on the device port, and never for a request signed for a streaming route
     *              (S3's path-style {@code GET /metrics} lists the bucket {@code metrics})
     */
    public HttpApiServer(String bindHost, int port, ApiDispatcher dispatcher, Optional<DevicePort> device,
                         Optional<WebSocketRoute> webSocket, HttpLimits limits, StreamingRoutes streaming,
                         List<PlainRoute> plain) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("fleetline-http");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        this.server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        // topics and ARNs arrive with %2F inside a segment; routing decodes each segment itself
        config.setUriCompliance(UriCompliance.UNSAFE);
        // header values exactly as sent: the parser's cache otherwise answers a common field in its own case
        // ("text/plain; charset=UTF-8" read as "...utf-8"), and a signature over the header no longer matches
        config.setHeaderCacheCaseSensitive(true);
        config.setSendServerVersion(false);
        config.setSendDateHeader(true);
        this.connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost(bindHost);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        server.addConnector(connector);
        // presigned downloads come to the device port without a client certificate only when something streams them
        boolean certificateOptional = !streaming.bySigningName().isEmpty();
        this.deviceConnector = device.map(d -> deviceConnector(bindHost, d, config, limits, certificateOptional));
        deviceConnector.ifPresent(server::addConnector);
        // one limit over both listeners: past it they stop accepting until a connection closes
        List<Connector> limited = new ArrayList<>(List.of(connector));
        deviceConnector.ifPresent(limited::add);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(),
                limited.toArray(Connector[]::new)));
        server.setErrorHandler(new AwsErrorPages());
        this.api = new ApiHandler(dispatcher, deviceConnector, device.map(DevicePort::dispatcher), limits, streaming,
                plainRoutes(plain));
        Handler served = api;
        if (webSocket.isPresent()) {
            var upgrades = MqttWebSocket.handler(server, webSocket.get().authenticator(), webSocket.get().broker(),
                    webSocket.get().unsigned());
            upgrades.setHandler(api);
            served = upgrades;
        }
        if (deviceConnector.isPresent() && certificateOptional) {
            served = new DeviceCertificateGate(deviceConnector.get(), streaming, served);
        }
        this.mounts = new Mounts(connector, served);
        server.setHandler(mounts);
        server.setStopTimeout(5_000);
    }

    private static Map<String, PlainRoute> plainRoutes(List<PlainRoute> routes) {
        Map<String, PlainRoute> byPath = new LinkedHashMap<>();
        for (PlainRoute route : routes) {
            if (route.path().equals("/health") || byPath.putIfAbsent(route.path(), route) != null) {
                throw new IllegalArgumentException("two answers for GET " + route.path());
            }
        }
        return Map.copyOf(byPath);
    }

    private ServerConnector deviceConnector(String bindHost, DevicePort device, HttpConfiguration plain,
                                            HttpLimits limits, boolean certificateOptional) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(device.tls());
        if (certificateOptional) {
            // asked for, not required: a presigned URL's signature is a download's only credential. A certificate
            // that is presented is still judged by the handshake (an unregistered one fails it), and every request
            // but a presigned download without one is cut off by the DeviceCertificateGate
            tls.setWantClientAuth(true);
        } else {
            tls.setNeedClientAuth(true);
        }
        HttpConfiguration config = new HttpConfiguration(plain);
        // devices reach the server by IP as often as by name: no SNI host check
        config.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector tlsConnector = new ServerConnector(server, tls, new HttpConnectionFactory(config));
        tlsConnector.setHost(bindHost);
        tlsConnector.setPort(device.port());
        tlsConnector.setName("device-https");
        tlsConnector.setIdleTimeout(limits.idleTimeout().toMillis());
        return tlsConnector;
    }

    /**
     * MQTT over WebSocket on the API port: who may upgrade, and how to reach the broker.
     *
     * @param unsigned whether an upgrade without a SigV4 query is let in (the test-double mode, as other local
     *                 emulators do): as the account a bare {@code X-Amz-Credential} names, else the default one
     */
    public record WebSocketRoute(Authenticator authenticator, BrokerConnector broker, boolean unsigned) {
        public WebSocketRoute(Authenticator authenticator, BrokerConnector broker) {
            this(authenticator, broker, false);
        }
    }

    /** The HTTPS device port: its port (0 picks one), its TLS context, and the dispatcher of the data planes. */
    public record DevicePort(int port, SSLContext tls, ApiDispatcher dispatcher) {
    }

    /**
     * Serves {@code handler} at {@code path} and every path below it, on the API port only (the device port never
     * reaches it); the AWS APIs keep every other path. Before {@link #start()}.
     */
    public void mount(String path, Handler handler) {
        mounts.add(path, handler);
    }

    /** Starts listening; throws when the port cannot be bound. */
    public void start() throws Exception {
        server.start();
    }

    /** The port actually bound (useful when 0 asked for a free one). */
    public int port() {
        return connector.getLocalPort();
    }

    /** What is left of the budget for buffered request bodies (tests watch requests take and give back room). */
    long bodyBudgetLeft() {
        return api.budget.available();
    }

    public Optional<Integer> devicePort() {
        return deviceConnector.map(ServerConnector::getLocalPort);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP listener did not stop cleanly", e);
        }
    }

    /**
     * The device port without a client certificate: a download by a presigned URL that a streaming route serves goes
     * on; anything else — the data planes, {@code /health}, a WebSocket upgrade — is cut off without an HTTP answer,
     * as the handshake refused it when the port required certificates (the client sees its connection end, no
     * status).
     */
    private static final class DeviceCertificateGate extends Handler.Wrapper {
        private final ServerConnector deviceConnector;
        private final StreamingRoutes streaming;

        DeviceCertificateGate(ServerConnector deviceConnector, StreamingRoutes streaming, Handler next) {
            super(next);
            this.deviceConnector = deviceConnector;
            this.streaming = streaming;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (request.getConnectionMetaData().getConnector() != deviceConnector
                    || ApiHandler.clientCertificate(request).isPresent()) {
                return super.handle(request, response, callback);
            }
            RawRequest head = new RawRequest(request.getMethod(), request.getHttpURI().getPath(),
                    request.getHttpURI().getQuery(), ApiHandler.headers(request), NO_BODY, Optional.empty());
            if (streaming.deviceRouteFor(head).isPresent()) {
                return super.handle(request, response, callback);
            }
            // no response at all: the connection ends, as the handshake ended it when certificates were required
            request.getConnectionMetaData().getConnection().getEndPoint()
                    .close(new IOException("no client certificate on the device port"));
            callback.succeeded();
            return true;
        }
    }

    /** Paths of the API port served by handlers of their own (the web console), before the API sees them. */
    private static final class Mounts extends Handler.Wrapper {
        private final ServerConnector apiConnector;
        private final Map<String, Handler> byPath = new LinkedHashMap<>();

        Mounts(ServerConnector apiConnector, Handler next) {
            super(next);
            this.apiConnector = apiConnector;
        }

        void add(String path, Handler handler) {
            byPath.put(path, handler);
            handler.setServer(getServer());
            addBean(handler);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (!byPath.isEmpty() && request.getConnectionMetaData().getConnector() == apiConnector) {
                String path = request.getHttpURI().getPath();
                for (Map.Entry<String, Handler> mount : byPath.entrySet()) {
                    if (path.equals(mount.getKey()) || path.startsWith(mount.getKey() + "/")) {
                        return mount.getValue().handle(request, response, callback);
                    }
                }
            }
            return super.handle(request, response, callback);
        }
    }

    private static final class ApiHandler extends Handler.Abstract {
        private final ApiDispatcher dispatcher;
        private final Optional<ServerConnector> deviceConnector;
        private final Optional<ApiDispatcher> deviceDispatcher;
        private final HttpLimits limits;
        private final BodyBudget budget;
        private final StreamingRoutes streaming;
        private final Map<String, PlainRoute> plain;

        ApiHandler(ApiDispatcher dispatcher, Optional<ServerConnector> deviceConnector,
                   Optional<ApiDispatcher> deviceDispatcher, HttpLimits limits, StreamingRoutes streaming,
                   Map<String, PlainRoute> plain) {
            this.plain = plain;
            this.dispatcher = dispatcher;
            this.deviceConnector = deviceConnector;
            this.deviceDispatcher = deviceDispatcher;
            this.limits = limits;
            this.budget = new BodyBudget(limits.bodyBudgetBytes());
            this.streaming = streaming;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String rawPath = request.getHttpURI().getPath();
            if ("GET".equals(request.getMethod()) && "/health".equals(rawPath)) {
                send(response, callback, new ApiResponse(200, Map.of("Content-Type", "application/json"), HEALTHY));
                return true;
            }
            boolean fromDevice = deviceConnector.isPresent()
                    && request.getConnectionMetaData().getConnector() == deviceConnector.get();
            RawRequest head = new RawRequest(request.getMethod(), rawPath, request.getHttpURI().getQuery(),
                    headers(request), NO_BODY, fromDevice ? clientCertificate(request) : Optional.empty());
            Optional<StreamingRoute> route = fromDevice ? streaming.deviceRouteFor(head) : streaming.routeFor(head);
            if (route.isPresent()) {
                new StreamingExchange(route.get(), streaming, limits).serve(head, request, response, callback);
                return true;
            }
            // after the streaming routes: a request signed for S3 at /metrics lists the bucket "metrics"
            PlainRoute own = fromDevice || !"GET".equals(request.getMethod()) ? null : plain.get(rawPath);
            if (own != null) {
                send(response, callback, own.answer(head));
                return true;
            }
            ApiResponse answer;
            try (BufferedBody body = new BufferedBody(request, budget, limits)) {
                answer = (fromDevice ? deviceDispatcher.orElseThrow() : dispatcher).dispatch(head, body);
                if (body.unread()) {
                    // the rest of a refused body is not worth reading: the client learns at once and the connection ends
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                }
            }
            send(response, callback, answer);
            return true;
        }

        private static Optional<X509Certificate> clientCertificate(Request request) {
            return Optional.ofNullable(request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE))
                    .map(data -> ((EndPoint.SslSessionData) data).peerCertificates())
                    .filter(chain -> chain != null && chain.length > 0)
                    .map(chain -> chain[0]);
        }

        private static Map<String, List<String>> headers(Request request) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (HttpField field : request.getHeaders()) {
                headers.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(field.getValue());
            }
            return headers;
        }

        private static void send(Response response, Callback callback, ApiResponse answer) {
            response.setStatus(answer.status());
            answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
        }
    }
}
