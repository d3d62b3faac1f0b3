package io.fleetline.console.page;

import io.fleetline.console.html.Html;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** The frame of every page: head, skip link, navigation, the sign-out form, and small formatting helpers. */
public final class Layout {
    public static final String ROOT = "/console";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Layout() {
    }

    /** A whole page for a signed-in operator ({@code csrf} goes into the sign-out form). */
    public static Html page(String title, String csrf, Html main) {
        return document(title, Html.of("""
                <header class="top"><a class="brand" href="/console">Fleetline</a>
                <nav aria-label="Main"><ul>
                <li><a href="/console">Overview</a></li><li><a href="/console/jobs">Jobs</a></li>
                <li><a href="/console/search">Search</a></li></ul></nav>
                <form method="post" action="/console/sign-out" class="sign-out">
                <input type="hidden" name="csrf" value="{}"><button type="submit">Sign out</button></form>
                </header>
                <main id="main" tabindex="-1">{}</main>""", csrf, main));
    }

    /** A page without the navigation (sign-in). */
    public static Html document(String title, Html body) {
        return Html.of("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false}'>
                <title>{} · Fleetline console</title>
                <link rel="stylesheet" href="/console/assets/console.css">
                <link rel="stylesheet" href="/console/assets/uPlot.min.css">
                <script src="/console/assets/htmx.min.js" defer></script>
                <script src="/console/assets/sse.js" defer></script>
                <script src="/console/assets/uPlot.iife.min.js" defer></script>
                <script src="/console/assets/console.js" defer></script>
                </head><body><a class="skip" href="#main">Skip to content</a>{}</body></html>""", title, body);
    }

    /** A link to a thing's page. */
    public static Html thingLink(String thingName) {
        return Html.of("<a href=\"/console/things/{}\">{}</a>", Html.segment(thingName), thingName);
    }

    public static Html jobLink(String jobId) {
        return Html.of("<a href=\"/console/jobs/{}\">{}</a>", Html.segment(jobId), jobId);
    }

    public static String time(Instant at) {
        return TIME.format(at);
    }

    public static String time(Optional<Instant> at) {
        return at.map(Layout::time).orElse("—");
    }

    /** A form that posts to {@code action} with the session's CSRF token: one button. */
    public static Html button(String action, String csrf, String label, String extraClass) {
        return Html.of("""
                <form method="post" action="{}" class="inline"><input type="hidden" name="csrf" value="{}">\
                <button type="submit" class="{}">{}</button></form>""", action, csrf, extraClass, label);
    }
}
