package io.fleetline.console;

import io.fleetline.console.html.Html;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/** One console request and its response: reading forms and cookies (bounded), writing pages, redirects and events. */
final class Exchange {
    static final String COOKIE = "fleetline_console";
    /** Console forms are a few short fields; anything longer is refused unread. */
    static final int MAX_FORM_BYTES = 8 * 1024;

    final Request request;
    final Response response;
    final Callback callback;
    private boolean bodyRead;

    Exchange(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        securityHeaders();
    }

    private void securityHeaders() {
        var headers = response.getHeaders();
        headers.put("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' "
                + "'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
                + "base-uri 'none'; object-src 'none'");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "same-origin");
    }

    String method() {
        return request.getMethod();
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeaders().get(name));
    }

    Optional<String> cookie() {
        return Request.getCookies(request).stream().filter(c -> COOKIE.equals(c.getName())).map(HttpCookie::getValue)
                .reduce((first, second) -> second);
    }

    Optional<String> query(String name) {
        return Optional.ofNullable(Request.extractQueryParameters(request).getValue(name));
    }

    /**
     * Whether the request comes from a console page: a browser's {@code Origin} (when sent) is this server's own, and
     * its {@code Sec-Fetch-Site} (when sent) says same-origin. A form posted from another site fails both.
     */
    boolean sameOrigin() {
        String scheme = secure() ? "https" : "http";
        Optional<String> host = header(HttpHeader.HOST.asString());
        boolean origin = header("Origin").map(o -> host.isPresent() && o.equals(scheme + "://" + host.get()))
                .orElse(true);
        boolean site = header("Sec-Fetch-Site").map(s -> s.equals("same-origin") || s.equals("none")).orElse(true);
        return origin && site;
    }

    /**
     * Whether the browser reached the console over TLS: here, or at a proxy in front that says so. A forged
     * {@code X-Forwarded-Proto} only makes the cookie stricter, and a browser's cross-site form cannot send one.
     */
    boolean secure() {
        return request.isSecure() || header("X-Forwarded-Proto").map("https"::equalsIgnoreCase).orElse(false);
    }

    /** The urlencoded form of a POST, at most {@link #MAX_FORM_BYTES}; empty when larger or not a form. */
    Optional<Map<String, String>> form() throws IOException {
        String type = header(HttpHeader.CONTENT_TYPE.asString()).orElse("");
        if (!type.startsWith("application/x-www-form-urlencoded") || request.getLength() > MAX_FORM_BYTES) {
            return Optional.empty();
        }
        byte[] body;
        bodyRead = true;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(MAX_FORM_BYTES + 1);
        }
        if (body.length > MAX_FORM_BYTES) {
            return Optional.empty();
        }
        Map<String, String> fields = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    fields.putIfAbsent(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                } catch (IllegalArgumentException malformed) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(fields);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /**
     * A request refused before its body was read ends its connection: the client learns at once, and does not send its
     * next request on a connection the server is about to close.
     */
    private void closeIfBodyUnread() {
        if (!bodyRead && request.getLength() != 0 && !method().equals("GET") && !method().equals("HEAD")) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
    }

    void html(int status, Html page) {
        closeIfBodyUnread();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, page.toString(), callback);
    }

    void text(int status, String message) {
        closeIfBodyUnread();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, message, callback);
    }

    void redirect(String location) {
        closeIfBodyUnread();
        response.setStatus(303);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, null, callback);
    }

    void asset(Assets.Asset asset) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.contentType());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=86400");
        response.write(true, ByteBuffer.wrap(asset.bytes()), callback);
    }

    /** The session cookie: script cannot read it, other sites do not send it, it goes only to the console's paths. */
    void setSession(String id, long maxAgeSeconds) {
        response.getHeaders().add(HttpHeader.SET_COOKIE, COOKIE + "=" + id + "; Path=/console; Max-Age="
                + maxAgeSeconds + "; HttpOnly; SameSite=Strict" + (secure() ? "; Secure" : ""));
    }

    void clearSession() {
        response.getHeaders().add(HttpHeader.SET_COOKIE, COOKIE + "=; Path=/console; Max-Age=0; HttpOnly; "
                + "SameSite=Strict" + (secure() ? "; Secure" : ""));
    }

    /** Starts an event stream (the response stays open; {@link #event} writes to it, blocking). */
    void startEvents() throws IOException {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        write(": stream\n\n");
    }

    /** One server-sent event: {@code data} may span lines, each goes on a {@code data:} line of its own. */
    void event(String name, String data) throws IOException {
        StringBuilder out = new StringBuilder("event: ").append(name).append('\n');
        for (String line : data.split("\n", -1)) {
            out.append("data: ").append(line).append('\n');
        }
        write(out.append('\n').toString());
    }

    void keepAlive() throws IOException {
        write(": keep-alive\n\n");
    }

    private void write(String text) throws IOException {
        try (Blocker.Callback written = Blocker.callback()) {
            response.write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), written);
            written.block();
        }
    }
}
