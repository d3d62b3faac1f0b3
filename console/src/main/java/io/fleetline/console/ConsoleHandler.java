package io.fleetline.console;

import io.fleetline.console.html.Html;
import io.fleetline.console.live.JobProgress;
import io.fleetline.console.live.PresenceLog;
import io.fleetline.console.page.ErrorPage;
import io.fleetline.console.page.JobPage;
import io.fleetline.console.page.JobsPage;
import io.fleetline.console.page.OverviewPage;
import io.fleetline.console.page.ProgressTable;
import io.fleetline.console.page.SearchPage;
import io.fleetline.console.page.SignInPage;
import io.fleetline.console.page.ThingPage;
import io.fleetline.console.session.Session;
import io.fleetline.console.session.SessionSettings;
import io.fleetline.console.session.Sessions;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes console requests. Sign-in and the static assets are open; everything else needs a live session: pages
 * redirect to sign-in without one, the event stream and every POST answer 401. Every POST must come from a console
 * page: same origin, and the session's CSRF token in its form (403 otherwise).
 */
final class ConsoleHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleHandler.class);
    private static final String SIGN_IN = "/console/sign-in";
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final ConsoleServices services;
    private final Sessions sessions;
    private final JobProgress progress;
    private final PresenceLog presence;
    private final SessionSettings sessionSettings;
    private final Assets assets = new Assets();
    private volatile boolean closed;

    ConsoleHandler(ConsoleServices services, Sessions sessions, JobProgress progress, PresenceLog presence,
                   SessionSettings sessionSettings) {
        this.services = services;
        this.sessions = sessions;
        this.progress = progress;
        this.presence = presence;
        this.sessionSettings = sessionSettings;
    }

    void close() {
        closed = true;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Exchange exchange = new Exchange(request, response, callback);
        List<String> path = segments(request.getHttpURI().getPath());
        if (path == null || path.isEmpty() || !path.getFirst().equals("console")) {
            exchange.text(404, "Not found");
            return true;
        }
        List<String> route = path.subList(1, path.size());
        try {
            route(exchange, route);
        } catch (FleetlineException e) {
            exchange.text(404, "Not found");
        }
        return true;
    }

    private void route(Exchange exchange, List<String> route) throws IOException {
        String method = exchange.method();
        if (route.size() == 2 && route.get(0).equals("assets") && method.equals("GET")) {
            assets.find(route.get(1)).ifPresentOrElse(exchange::asset, () -> exchange.text(404, "Not found"));
            return;
        }
        if (route.equals(List.of("sign-in"))) {
            if (method.equals("POST")) {
                signIn(exchange);
            } else {
                exchange.html(200, SignInPage.render(Optional.empty(), ""));
            }
            return;
        }
        Optional<Session> session = exchange.cookie().flatMap(sessions::use);
        if (session.isEmpty()) {
            refuseUnauthenticated(exchange, route);
            return;
        }
        if (method.equals("POST")) {
            post(exchange, session.get(), route);
        } else if (method.equals("GET") || method.equals("HEAD")) {
            try {
                get(exchange, session.get(), route);
            } catch (FleetlineException e) {
                // the domain's refusals are worded for operators (AWS's messages); anything else is not shown
                boolean missing = e.code() == ErrorCode.RESOURCE_NOT_FOUND;
                exchange.html(missing ? 404 : 400, ErrorPage.render(session.get().csrfToken(),
                        missing ? "Not found" : "Not shown", e.getMessage()));
            }
        } else {
            exchange.text(405, "Method not allowed");
        }
    }

    private void refuseUnauthenticated(Exchange exchange, List<String> route) {
        boolean page = exchange.method().equals("GET") && exchange.header("HX-Request").isEmpty()
                && !(route.size() == 3 && route.get(2).equals("events"));
        if (page) {
            exchange.redirect(SIGN_IN);
        } else {
            exchange.text(401, "Sign in first");
        }
    }

    private void signIn(Exchange exchange) throws IOException {
        if (!exchange.sameOrigin()) {
            exchange.text(403, "Cross-site sign-in refused");
            return;
        }
        Map<String, String> form = exchange.form().orElse(Map.of());
        String keyId = form.getOrDefault("accessKeyId", "").strip();
        String secret = form.getOrDefault("secretKey", "");
        if (keyId.length() > 128 || secret.length() > 128) {
            exchange.html(400, SignInPage.render(Optional.of("The key is too long."), ""));
            return;
        }
        switch (sessions.signIn(keyId, secret)) {
            case Sessions.SignIn.SignedIn in -> {
                // whatever session the browser held before is ended: the new id is the only one that works
                exchange.cookie().ifPresent(sessions::signOut);
                exchange.setSession(in.session().id(), sessionSettings.absolute().toSeconds());
                LOG.info("console: {} signed in", in.session().accessKeyId());
                exchange.redirect("/console");
            }
            case Sessions.SignIn.Refused refused -> exchange.html(401, SignInPage.render(
                    Optional.of("The access key ID or secret key is wrong."), keyId));
            case Sessions.SignIn.TooManySessions many -> exchange.html(503, SignInPage.render(
                    Optional.of("Too many console sessions are open; try again later."), keyId));
        }
    }

    private void get(Exchange exchange, Session session, List<String> route) throws IOException {
        String csrf = session.csrfToken();
        if (route.isEmpty()) {
            exchange.html(200, gated(() -> OverviewPage.render(services, presence, csrf)));
        } else if (route.equals(List.of("jobs"))) {
            exchange.html(200, gated(() -> JobsPage.render(services, csrf, exchange.query("next"))));
        } else if (route.size() == 2 && route.get(0).equals("jobs")) {
            exchange.html(200, gated(() -> JobPage.render(services, progress, csrf, route.get(1))));
        } else if (route.size() == 3 && route.get(0).equals("jobs") && route.get(2).equals("events")) {
            events(exchange, session, route.get(1));
        } else if (route.size() == 2 && route.get(0).equals("things")) {
            exchange.html(200, gated(() -> ThingPage.render(services, presence, csrf, route.get(1))));
        } else if (route.equals(List.of("search"))) {
            exchange.html(200, gated(() -> SearchPage.render(services, csrf, exchange.query("q").orElse(""))));
        } else if (route.equals(List.of("sign-in"))) {
            exchange.redirect("/console");
        } else {
            exchange.html(404, ErrorPage.render(csrf, "Not found", "There is no such console page."));
        }
    }

    private void post(Exchange exchange, Session session, List<String> route) throws IOException {
        Optional<String> token = exchange.form().map(form -> form.getOrDefault("csrf", ""));
        if (!exchange.sameOrigin() || token.isEmpty() || !MessageDigest.isEqual(
                token.get().getBytes(StandardCharsets.UTF_8), session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            exchange.text(403, "Refused: the form did not come from this console");
            return;
        }
        if (route.equals(List.of("sign-out"))) {
            sessions.signOut(session.id());
            exchange.clearSession();
            exchange.redirect(SIGN_IN);
            return;
        }
        if (route.size() != 3 || !route.get(0).equals("jobs")) {
            exchange.text(404, "Not found");
            return;
        }
        String jobId = route.get(1);
        try {
            act(route.get(2), jobId, session);
        } catch (FleetlineException e) {
            exchange.html(409, ErrorPage.render(session.csrfToken(), "Not done", e.getMessage()));
            return;
        } catch (UnsupportedOperationException e) {
            exchange.text(404, "Not found");
            return;
        }
        exchange.redirect("/console/jobs/" + Html.segment(jobId));
    }

    private void act(String action, String jobId, Session session) {
        services.gate().shared(() -> {
            switch (action) {
                case "cancel" -> services.jobs().jobs().cancel(jobId, false, Optional.empty(),
                        Optional.of("Canceled in the console by " + session.accessKeyId()));
                case "approve" -> services.jobs().plans().approve(jobId);
                case "pause" -> services.jobs().plans().pause(jobId, Optional.of("Paused in the console by "
                        + session.accessKeyId()));
                case "resume" -> services.jobs().plans().resume(jobId);
                default -> throw new UnsupportedOperationException(action);
            }
            LOG.info("console: {} {} job {}", session.accessKeyId(), action, jobId);
        });
    }

    /**
     * The job's live progress: the counts now, then each change, as {@code progress} events carrying the table's
     * markup. The stream ends when the session does (signed out, expired, key removed) or the console closes.
     */
    private void events(Exchange exchange, Session session, String jobId) throws IOException {
        services.gate().shared(() -> services.jobs().jobs().describe(jobId));
        JobProgress.Sample sample = progress.watch(jobId);
        try {
            exchange.startEvents();
            exchange.event("progress", ProgressTable.render(sample).toString());
            long version = sample.version();
            while (!closed && sessions.stillValid(session.id())) {
                Optional<JobProgress.Sample> next = progress.next(jobId, version, KEEP_ALIVE);
                if (next.isPresent()) {
                    version = next.get().version();
                    exchange.event("progress", ProgressTable.render(next.get()).toString());
                } else {
                    exchange.keepAlive();
                }
            }
            if (!closed) {
                // the page goes to sign-in, instead of its stream retrying with a session that is gone
                exchange.event("signed-out", "");
            }
            exchange.callback.succeeded();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.callback.failed(e);
        } catch (IOException e) {
            // the browser went away
            exchange.callback.failed(e);
        } finally {
            progress.unwatch(jobId);
        }
    }

    private <T> T gated(Supplier<T> render) {
        return services.gate().shared(render);
    }

    /** The decoded path segments, or null when one does not decode. */
    private static List<String> segments(String rawPath) {
        try {
            return Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty())
                    .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
