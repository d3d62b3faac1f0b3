package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.time.ManualClock;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * The console's security over plain HTTP: what an unauthenticated request gets on every route, sign-in, the session
 * cookie, cross-site posts, session fixation, expiry on the server's clock, sign-out and a removed key.
 */
class ConsoleSecurityIT {
    private static final String JOB = "console-security-job";
    private static final List<String> PAGES = List.of("/console", "/console/", "/console/jobs", "/console/jobs/" + JOB,
            "/console/things/some-thing", "/console/search?q=x", "/console/no-such-page");

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(Instant.now());
    TestServer server;
    IotClient iot;
    ConsoleClient console;

    @BeforeEach
    void start() {
        server = TestServer.start(Store.SQLITE, dir, clock, c -> c);
        iot = Sdk.iot(server);
        iot.createThing(r -> r.thingName("some-thing"));
        iot.createJob(r -> r.jobId(JOB).targets("arn:aws:iot:us-east-1:000000000000:thing/some-thing")
                .document("{\"operation\":\"noop\"}"));
        console = new ConsoleClient(server.endpoint());
    }

    @AfterEach
    void stop() {
        iot.close();
        server.close();
    }

    @Test
    void every_console_route_refuses_an_unauthenticated_request() throws Exception {
        for (String page : PAGES) {
            HttpResponse<String> response = console.get(page, Optional.empty());
            assertThat(response.statusCode()).as(page).isEqualTo(303);
            assertThat(response.headers().firstValue("Location")).as(page).hasValue("/console/sign-in");
        }
        assertThat(console.get("/console/jobs/" + JOB + "/events", Optional.empty()).statusCode()).isEqualTo(401);
        for (String action : List.of("cancel", "approve", "pause", "resume")) {
            assertThat(console.post("/console/jobs/" + JOB + "/" + action, Optional.empty(), Map.of("csrf", "x"),
                    Map.of("Origin", console.origin())).statusCode()).as(action).isEqualTo(401);
        }
        assertThat(console.post("/console/sign-out", Optional.empty(), Map.of(), Map.of()).statusCode()).isEqualTo(401);
        // a made-up session id is no session
        assertThat(console.get("/console", Optional.of("made-up")).statusCode()).isEqualTo(303);
        assertThat(console.get("/console/jobs/" + JOB + "/events", Optional.of("made-up")).statusCode())
                .isEqualTo(401);
        // open: the sign-in form and the assets
        assertThat(console.get("/console/sign-in", Optional.empty()).statusCode()).isEqualTo(200);
        assertThat(console.get("/console/assets/htmx.min.js", Optional.empty()).statusCode()).isEqualTo(200);
        assertThat(console.get("/console/assets/../../_fleetline/reset", Optional.empty()).statusCode())
                .isNotEqualTo(200);
        assertThat(iot.describeJob(r -> r.jobId(JOB)).job().statusAsString()).isEqualTo("IN_PROGRESS");
    }

    @Test
    void a_wrong_secret_or_unknown_key_signs_nobody_in() throws Exception {
        HttpResponse<String> wrong = console.signIn(server.accessKeyId(), "not-the-secret", Optional.empty());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(ConsoleClient.sessionOf(wrong)).isEmpty();
        assertThat(wrong.body()).contains("The access key ID or secret key is wrong.").doesNotContain(server.secretKey());
        HttpResponse<String> unknown = console.signIn("AKIAUNKNOWNUNKNOWN00", server.secretKey(), Optional.empty());
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(ConsoleClient.sessionOf(unknown)).isEmpty();
    }

    @Test
    void the_session_cookie_is_http_only_same_site_strict_scoped_to_the_console_and_expiring() throws Exception {
        HttpResponse<String> signedIn = console.signIn(server.accessKeyId(), server.secretKey(), Optional.empty());
        assertThat(signedIn.statusCode()).isEqualTo(303);
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/console")
                .containsPattern("Max-Age=\\d+").doesNotContain("Secure");  // plain HTTP here: no Secure flag
        String page = console.get("/console", ConsoleClient.sessionOf(signedIn)).body();
        assertThat(page).contains("Fleet overview").doesNotContain(server.secretKey());
    }

    @Test
    void a_cross_site_form_post_is_refused() throws Exception {
        String session = console.session(server.accessKeyId(), server.secretKey());
        String csrf = console.csrf(session);
        String cancel = "/console/jobs/" + JOB + "/cancel";
        Map<String, String> sameOrigin = Map.of("Origin", console.origin());
        assertThat(console.post(cancel, Optional.of(session), Map.of(), sameOrigin).statusCode())
                .as("no token").isEqualTo(403);
        assertThat(console.post(cancel, Optional.of(session), Map.of("csrf", csrf + "x"), sameOrigin).statusCode())
                .as("wrong token").isEqualTo(403);
        assertThat(console.post(cancel, Optional.of(session), Map.of("csrf", csrf),
                Map.of("Origin", "https://evil.example")).statusCode()).as("foreign origin").isEqualTo(403);
        assertThat(console.post(cancel, Optional.of(session), Map.of("csrf", csrf),
                Map.of("Sec-Fetch-Site", "cross-site")).statusCode()).as("cross-site fetch").isEqualTo(403);
        assertThat(console.post("/console/sign-in", Optional.empty(), Map.of("accessKeyId", server.accessKeyId(),
                "secretKey", server.secretKey()), Map.of("Origin", "https://evil.example")).statusCode())
                .as("login CSRF").isEqualTo(403);
        assertThat(iot.describeJob(r -> r.jobId(JOB)).job().statusAsString()).isEqualTo("IN_PROGRESS");

        HttpResponse<String> done = console.post(cancel, Optional.of(session), Map.of("csrf", csrf), sameOrigin);
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(iot.describeJob(r -> r.jobId(JOB)).job().statusAsString()).isEqualTo("CANCELED");
    }

    @Test
    void a_session_id_held_before_sign_in_is_not_the_one_after() throws Exception {
        String earlier = console.session(server.accessKeyId(), server.secretKey());
        HttpResponse<String> planted = console.signIn(server.accessKeyId(), server.secretKey(),
                Optional.of("attacker-chosen-id"));
        assertThat(ConsoleClient.sessionOf(planted)).isPresent().get().isNotEqualTo("attacker-chosen-id");
        assertThat(console.get("/console", Optional.of("attacker-chosen-id")).statusCode()).isEqualTo(303);

        HttpResponse<String> again = console.signIn(server.accessKeyId(), server.secretKey(), Optional.of(earlier));
        String fresh = ConsoleClient.sessionOf(again).orElseThrow();
        assertThat(fresh).isNotEqualTo(earlier).hasSizeGreaterThanOrEqualTo(40);
        assertThat(console.get("/console", Optional.of(earlier)).statusCode()).as("the old id ended").isEqualTo(303);
        assertThat(console.get("/console", Optional.of(fresh)).statusCode()).isEqualTo(200);
    }

    @Test
    void a_session_expires_after_half_an_hour_idle_and_eight_hours_in_all() throws Exception {
        String idle = console.session(server.accessKeyId(), server.secretKey());
        clock.advance(Duration.ofMinutes(29));
        assertThat(console.get("/console", Optional.of(idle)).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(30));
        assertThat(console.get("/console", Optional.of(idle)).statusCode()).isEqualTo(303);

        String busy = console.session(server.accessKeyId(), server.secretKey());
        for (int i = 0; i < 23; i++) {  // a request every 20 minutes: never idle, 7 h 40 min in all
            clock.advance(Duration.ofMinutes(20));
            assertThat(console.get("/console", Optional.of(busy)).statusCode()).as("after %d min", 20 * (i + 1))
                    .isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(20));
        assertThat(console.get("/console", Optional.of(busy)).statusCode()).as("past eight hours").isEqualTo(303);
    }

    @Test
    void what_devices_and_users_wrote_is_shown_as_text_never_as_markup() throws Exception {
        // the registry's own patterns keep markup out of attributes; a device's shadow takes any text
        iot.createThing(r -> r.thingName("hostile"));
        try (var data = Sdk.data(server)) {
            data.updateThingShadow(r -> r.thingName("hostile").payload(software.amazon.awssdk.core.SdkBytes.fromUtf8String(
                    "{\"state\":{\"reported\":{\"note\":\"<img src=x onerror=alert(1)>\","
                            + "\"quote\":\"'><script>alert(2)</script>\"}}}")));
        }
        String session = console.session(server.accessKeyId(), server.secretKey());
        HttpResponse<String> page = console.get("/console/things/hostile", Optional.of(session));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("&lt;img src=x onerror=alert(1)&gt;")
                .contains("&#39;&gt;&lt;script&gt;alert(2)&lt;/script&gt;")
                .doesNotContain("<img src=x").doesNotContain("<script>alert");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'"));
        String search = console.get("/console/search?q=%3Cscript%3Ealert(3)%3C%2Fscript%3E", Optional.of(session))
                .body();
        assertThat(search).contains("&lt;script&gt;alert(3)&lt;/script&gt;").doesNotContain("<script>alert");
    }

    @Test
    void only_the_console_paths_go_to_the_console() throws Exception {
        HttpResponse<String> api = console.get("/consoles", Optional.empty());
        assertThat(api.statusCode()).as("the AWS API's refusal of an unsigned request").isEqualTo(403);
        assertThat(api.headers().firstValue("x-amzn-ErrorType")).isPresent();
        assertThat(console.get("/health", Optional.empty()).body()).contains("ok");
    }

    @Test
    void a_signed_out_session_is_refused() throws Exception {
        String session = console.session(server.accessKeyId(), server.secretKey());
        String csrf = console.csrf(session);
        HttpResponse<String> out = console.post("/console/sign-out", Optional.of(session), Map.of("csrf", csrf),
                Map.of("Origin", console.origin()));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
        assertThat(console.get("/console", Optional.of(session)).statusCode()).isEqualTo(303);
    }

    @Test
    void a_session_ends_when_its_access_key_is_removed() throws Exception {
        String session = console.session(server.accessKeyId(), server.secretKey());
        assertThat(console.get("/console/jobs", Optional.of(session)).statusCode()).isEqualTo(200);
        try (Connection db = DriverManager.getConnection(server.databaseUrl());
             PreparedStatement delete = db.prepareStatement("DELETE FROM access_key WHERE id = ?")) {
            delete.setString(1, server.accessKeyId());
            assertThat(delete.executeUpdate()).isEqualTo(1);
        }
        assertThat(console.get("/console/jobs", Optional.of(session)).statusCode()).isEqualTo(303);
        assertThat(console.get("/console/jobs/" + JOB + "/events", Optional.of(session)).statusCode()).isEqualTo(401);
    }
}
