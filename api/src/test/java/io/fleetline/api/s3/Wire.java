package io.fleetline.api.s3;

import io.fleetline.api.auth.Caller;
import io.fleetline.api.binding.RawRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request written as it went over the wire ({@code METHOD target}, header lines, a blank line, the body), as the
 * CLIs and the SDK were captured sending it, and the codec's answer to it.
 */
record Wire(RawRequest head, byte[] body) {

    static Wire of(String text) {
        int blank = text.indexOf("\n\n");
        String headText = blank < 0 ? text : text.substring(0, blank);
        byte[] body = blank < 0 ? new byte[0] : text.substring(blank + 2).getBytes(StandardCharsets.UTF_8);
        String[] lines = headText.strip().split("\n");
        String[] requestLine = lines[0].split(" ");
        String target = requestLine[1];
        int question = target.indexOf('?');
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        return new Wire(new RawRequest(requestLine[0], question < 0 ? target : target.substring(0, question),
                question < 0 ? "" : target.substring(question + 1), headers, new byte[0]), body);
    }

    /** The same request with a body of any bytes (one too large to write out, or not UTF-8). */
    Wire withBody(byte[] bytes) {
        return new Wire(head, bytes);
    }

    S3Response sentTo(S3Endpoint endpoint) {
        return endpoint.handle(head, RequestPayload.of(body), Caller.ANONYMOUS, "req-1");
    }

    static String text(S3Response response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
