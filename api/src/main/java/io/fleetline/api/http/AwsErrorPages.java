package io.fleetline.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.core.error.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors — requests that are not valid HTTP (no host, folded or oversize headers, a URI too long, both a
 * length and chunks, bad chunks, a NUL in the path) and failures outside Fleetline's handlers — answered the way every
 * other error is: the status, {@code x-amzn-ErrorType} and a JSON body, never an HTML page and never the request's
 * own bytes echoed back.
 */
final class AwsErrorPages extends ErrorHandler {
    private static final int MAX_REASON = 80;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ERROR_STATUS) instanceof Integer s ? s : 500;
        String reason = request.getAttribute(ERROR_MESSAGE) instanceof String m ? m : null;
        ErrorCode code = codeFor(status);
        response.setStatus(status);
        response.getHeaders().put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        response.getHeaders().put("x-amzn-ErrorType", code.awsType());
        response.getHeaders().put("x-amzn-RequestId", UUID.randomUUID().toString());
        response.write(true, ByteBuffer.wrap(body(code, message(status, status == 500 ? null : reason))), callback);
        return true;
    }

    /** The AWS error type of a status Jetty answers on its own. */
    static ErrorCode codeFor(int status) {
        return switch (status) {
            case 408 -> ErrorCode.REQUEST_TIMEOUT;
            case 413 -> ErrorCode.REQUEST_TOO_LARGE;
            case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
            case 500 -> ErrorCode.INTERNAL_FAILURE;
            // the rest Jetty answers on its own are the client's doing (501 and 505 included)
            default -> ErrorCode.INVALID_REQUEST;
        };
    }

    private static String message(int status, String reason) {
        String what = switch (status) {
            case 408 -> "The request did not arrive in time";
            case 413 -> "The request is too large";
            case 414 -> "The request URI is too long";
            case 431 -> "The request's header fields are too large";
            case 503 -> "The server is not available now; try again";
            case 500 -> "Internal failure";
            default -> "The request is not valid HTTP";
        };
        String detail = printable(reason);
        return detail.isEmpty() || detail.equalsIgnoreCase(what) ? what : what + " (" + detail + ")";
    }

    /** Jetty's reason, short and printable: a client's own bytes are not echoed back at length. */
    private static String printable(String reason) {
        if (reason == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < reason.length() && out.length() < MAX_REASON; i++) {
            char c = reason.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    private static byte[] body(ErrorCode code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("message", message);
        body.put("__type", code.awsType());
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
