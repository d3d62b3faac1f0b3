package io.fleetline.console.page;

import io.fleetline.console.html.Html;

/** What a signed-in operator sees when a page cannot be shown: the reason, in words, never internals. */
public final class ErrorPage {
    private ErrorPage() {
    }

    public static Html render(String csrf, String title, String message) {
        return Layout.page(title, csrf, Html.of("<h1>{}</h1><p role=\"alert\">{}</p>", title, message));
    }
}
