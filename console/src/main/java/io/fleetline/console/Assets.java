package io.fleetline.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The console's static files, read once from the classpath: htmx, its SSE extension and uPlot from their WebJars,
 * and the console's own stylesheet and script. Only these names are served; nothing of the path reaches the classpath.
 */
final class Assets {
    record Asset(byte[] bytes, String contentType) {
    }

    private static final String WEBJARS = "META-INF/resources/webjars/";
    private static final String JS = "text/javascript; charset=utf-8";
    private static final String CSS = "text/css; charset=utf-8";
    private final Map<String, Asset> assets;

    Assets() {
        this.assets = Map.of(
                "htmx.min.js", load(WEBJARS + "htmx.org/2.0.4/dist/htmx.min.js", JS),
                "sse.js", load(WEBJARS + "htmx-ext-sse/2.2.2/sse.js", JS),
                "uPlot.iife.min.js", load(WEBJARS + "uplot/1.6.30/dist/uPlot.iife.min.js", JS),
                "uPlot.min.css", load(WEBJARS + "uplot/1.6.30/dist/uPlot.min.css", CSS),
                "console.js", load("io/fleetline/console/assets/console.js", JS),
                "console.css", load("io/fleetline/console/assets/console.css", CSS));
    }

    Optional<Asset> find(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    private static Asset load(String resource, String contentType) {
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the console's asset " + resource + " is not on the classpath");
            }
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
