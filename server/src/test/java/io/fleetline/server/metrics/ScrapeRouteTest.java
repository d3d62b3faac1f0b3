package io.fleetline.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.api.binding.RawRequest;
import io.fleetline.api.http.ApiResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who gets the scrape: anyone without a token; with one, only a request that shows it as its bearer token. */
class ScrapeRouteTest {
    private static final String TOKEN = "0123456789abcdef-token";

    private static ApiResponse get(ScrapeRoute route, String... authorization) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (authorization.length > 0) {
            headers.put("Authorization", List.of(authorization));
        }
        return route.answer(new RawRequest("GET", "/metrics", null, headers, new byte[0], Optional.empty()));
    }

    private static String body(ApiResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void without_a_token_every_scrape_is_answered_in_prometheus_text() {
        ApiResponse response = get(new ScrapeRoute(() -> "up 1\n", Optional.empty()));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("Content-Type", ScrapeRoute.CONTENT_TYPE);
        assertThat(body(response)).isEqualTo("up 1\n");
    }

    @Test
    void with_a_token_only_its_bearer_is_answered() {
        ScrapeRoute route = new ScrapeRoute(() -> "up 1\n", Optional.of(TOKEN));
        assertThat(get(route, "Bearer " + TOKEN).status()).isEqualTo(200);
        assertThat(get(route, "bearer  " + TOKEN + " ").status()).as("the scheme is case-insensitive").isEqualTo(200);
        for (String refused : List.of("Bearer", "Bearer ", "Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1),
                "Basic " + TOKEN, TOKEN, "Bearer " + TOKEN.toUpperCase())) {
            ApiResponse response = get(route, refused);
            assertThat(response.status()).as(refused).isEqualTo(401);
            assertThat(response.headers()).containsKey("WWW-Authenticate");
            assertThat(body(response)).doesNotContain("up 1", TOKEN);
        }
        assertThat(get(route).status()).as("no header").isEqualTo(401);
    }
}
