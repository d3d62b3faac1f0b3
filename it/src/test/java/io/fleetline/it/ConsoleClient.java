package io.fleetline.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A plain HTTP client of the console, as a browser would talk to it but without one: it follows no redirects, keeps
 * the session cookie only when told, and sends the headers a test chooses (Origin, Sec-Fetch-Site).
 */
final class ConsoleClient {
    static final String COOKIE = "fleetline_console";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;

    ConsoleClient(String endpoint) {
        this.base = endpoint;
    }

    String origin() {
        return base;
    }

    HttpResponse<String> get(String path, Optional<String> session) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        session.ifPresent(id -> request.header("Cookie", COOKIE + "=" + id));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A form post; {@code headers} are added as given (an Origin, a Sec-Fetch-Site). */
    HttpResponse<String> post(String path, Optional<String> session, Map<String, String> form,
                              Map<String, String> headers) throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        session.ifPresent(id -> request.header("Cookie", COOKIE + "=" + id));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> signIn(String keyId, String secret, Optional<String> planted)
            throws IOException, InterruptedException {
        return post("/console/sign-in", planted, Map.of("accessKeyId", keyId, "secretKey", secret),
                Map.of("Origin", base));
    }

    /** Signs in and answers the new session's id. */
    String session(String keyId, String secret) throws IOException, InterruptedException {
        return sessionOf(signIn(keyId, secret, Optional.empty())).orElseThrow();
    }

    static Optional<String> sessionOf(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(COOKIE + "="))
                .map(c -> c.substring(COOKIE.length() + 1, c.indexOf(';'))).filter(v -> !v.isEmpty()).findFirst();
    }

    /** The CSRF token of the session's forms, read from a page as a browser would. */
    String csrf(String session) throws IOException, InterruptedException {
        Matcher token = CSRF.matcher(get("/console", Optional.of(session)).body());
        if (!token.find()) {
            throw new AssertionError("no CSRF token on the overview page");
        }
        return token.group(1);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
