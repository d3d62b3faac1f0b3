package io.fleetline.bench;

import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * The web console (issue 19): how long the job page of a job with {@code --executions} executions takes to render
 * (measured at the client on loopback, so an upper bound of the server's time), and what the live update of an open
 * job page costs in CPU (the server runs in this JVM: the process's CPU time with consoles open, less that of the same
 * wall time with none).
 *
 * <p>Usage: {@code bench/run console [--executions 100000] [--renders 50] [--seconds 60] [--consoles 1,10]}.
 */
public final class ConsoleBench {
    private int executions = 100_000;
    private int renders = 50;
    private int seconds = 60;
    private int[] consoles = {1, 10};
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    public static void main(String[] args) throws Exception {
        ConsoleBench bench = new ConsoleBench();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--executions" -> bench.executions = Integer.parseInt(args[i + 1]);
                case "--renders" -> bench.renders = Integer.parseInt(args[i + 1]);
                case "--seconds" -> bench.seconds = Integer.parseInt(args[i + 1]);
                case "--consoles" -> bench.consoles = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt)
                        .toArray();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        bench.run();
    }

    private void run() throws Exception {
        Path dir = Files.createTempDirectory("fleetline-console-bench");
        String url = Store.SQLITE.newUrl(dir);
        double written = FleetRows.write(url, "fleet", executions);
        try (TestServer server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withStorage(s -> s.withDbUrl(url)))) {
            try (IotClient iot = iot(server)) {
                iot.createJob(r -> r.jobId("big").document("{\"v\":1}")
                        .targets("arn:aws:iot:us-east-1:000000000000:thinggroup/fleet"));
            }
            long releasing = System.nanoTime();
            server.tickJobs();
            System.out.printf(Locale.ROOT, "console: %,d things written in %.1f s; the job's %,d executions released"
                    + " in %.1f s%n", executions, written, executions, (System.nanoTime() - releasing) / 1e9);
            System.out.println("console: executions by status " + outcomes(url));
            String session = signIn(server);
            // the baseline first: no job page was open yet, so nothing is being counted
            double idle = cpuPercent(() -> sleep(seconds));
            for (int open : consoles) {
                liveCost(server, session, open, idle);
            }
            render(server, session);
        }
    }

    /**
     * Gives the released executions the outcomes of a rollout well under way, written straight into the database as
     * {@link FleetRows} writes the fleet: 1 % failed, 0.5 % rejected, 0.5 % timed out (with statusDetails), 4 % in
     * progress, 4 % still queued, the rest succeeded. Answers the counts.
     */
    private static String outcomes(String url) throws Exception {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(url);
             java.sql.Statement sql = db.createStatement()) {
            sql.executeUpdate("UPDATE job_execution SET status = CASE WHEN seq % 100 = 0 THEN 'FAILED'"
                    + " WHEN seq % 200 = 1 THEN 'REJECTED' WHEN seq % 200 = 3 THEN 'TIMED_OUT'"
                    + " WHEN seq % 25 = 2 THEN 'IN_PROGRESS' WHEN seq % 25 = 4 THEN 'QUEUED' ELSE 'SUCCEEDED' END,"
                    + " status_details = CASE WHEN seq % 100 = 0 OR seq % 200 IN (1, 3)"
                    + " THEN '{\"reason\":\"image checksum mismatch\",\"stage\":\"install\"}' ELSE '{}' END"
                    + " WHERE job_id = 'big'");
            StringBuilder counts = new StringBuilder();
            try (java.sql.ResultSet rows = sql.executeQuery(
                    "SELECT status, COUNT(*) FROM job_execution WHERE job_id = 'big' GROUP BY status ORDER BY 2 DESC")) {
                while (rows.next()) {
                    counts.append(String.format(Locale.ROOT, "%s %,d; ", rows.getString(1), rows.getLong(2)));
                }
            }
            return counts.toString();
        }
    }

    private void render(TestServer server, String session) throws Exception {
        HttpRequest page = HttpRequest.newBuilder(URI.create(server.endpoint() + "/console/jobs/big"))
                .header("Cookie", "fleetline_console=" + session).build();
        for (int i = 0; i < 10; i++) {
            http.send(page, HttpResponse.BodyHandlers.ofString());  // warm-up: JIT, caches
        }
        double[] millis = new double[renders];
        int bytes = 0;
        for (int i = 0; i < renders; i++) {
            long started = System.nanoTime();
            HttpResponse<String> response = http.send(page, HttpResponse.BodyHandlers.ofString());
            millis[i] = (System.nanoTime() - started) / 1e6;
            if (response.statusCode() != 200 || !response.body().contains("id=\"failures\"")) {
                throw new IllegalStateException("the job page did not render: " + response.statusCode());
            }
            bytes = response.body().length();
        }
        Arrays.sort(millis);
        System.out.printf(Locale.ROOT, "console: job page with %,d executions: median %.1f ms, p95 %.1f ms, max %.1f ms"
                + " (%d renders, %,d bytes)%n", executions, millis[renders / 2], millis[(int) (renders * 0.95)],
                millis[renders - 1], renders, bytes);
    }

    /**
     * CPU of this JVM over {@code seconds} with {@code open} job pages' streams open, against {@code idle}: the same
     * wall time before any job page was opened.
     */
    private void liveCost(TestServer server, String session, int open, double idle) throws Exception {
        List<InputStream> streams = new ArrayList<>();
        try {
            for (int i = 0; i < open; i++) {
                HttpRequest events = HttpRequest.newBuilder(URI.create(server.endpoint() + "/console/jobs/big/events"))
                        .header("Cookie", "fleetline_console=" + session).build();
                InputStream stream = http.send(events, HttpResponse.BodyHandlers.ofInputStream()).body();
                stream.readNBytes(16);
                streams.add(stream);
            }
            double watched = cpuPercent(() -> sleep(seconds));
            System.out.printf(Locale.ROOT, "console: %d open job page(s) over %d s: process CPU %.2f%% of a core vs %.2f%%"
                    + " with none: %.3f%% per console%n", open, seconds, watched, idle, (watched - idle) / open);
        } finally {
            for (InputStream stream : streams) {
                stream.close();
            }
        }
    }

    private static double cpuPercent(Runnable during) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        during.run();
        return 100.0 * (os.getProcessCpuTime() - cpu) / (System.nanoTime() - wall);
    }

    private static void sleep(int seconds) {
        try {
            TimeUnit.SECONDS.sleep(seconds);  // the measured stretch of wall time
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String signIn(TestServer server) throws Exception {
        String form = "accessKeyId=" + URLEncoder.encode(server.accessKeyId(), StandardCharsets.UTF_8) + "&secretKey="
                + URLEncoder.encode(server.secretKey(), StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.endpoint()
                        + "/console/sign-in")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow(() ->
                new IllegalStateException("sign-in refused: " + response.statusCode()));
        return cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
    }

    private static IotClient iot(TestServer server) {
        return IotClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.of(server.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKeyId(), server.secretKey()))).build();
    }
}
