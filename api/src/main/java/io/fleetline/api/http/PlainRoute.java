package io.fleetline.api.http;

import io.fleetline.api.binding.RawRequest;

/**
 * A {@code GET} path the API port answers itself, beside the dispatcher, as it answers {@code /health}: no AWS
 * signature, no body read, no JSON; the route decides who may ask (a scrape endpoint checks its own bearer token).
 * The device port never serves one, and a request signed for a streaming route's service goes to that route instead
 * (S3's path-style {@code GET /metrics} lists the bucket {@code metrics}).
 */
public interface PlainRoute {
    /** The exact raw path served ({@code /metrics}); a query string is ignored. */
    String path();

    /** The answer to a {@code GET} of {@link #path()}; {@code head} has no body. */
    ApiResponse answer(RawRequest head);
}
