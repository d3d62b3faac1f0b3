package io.fleetline.api.auth;

import io.fleetline.core.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signature parts of a request, from the {@code Authorization} header or from a presigned URL's
 * {@code X-Amz-*} query parameters.
 */
record SignedRequest(String accessKeyId, String date, String region, String service, List<String> signedHeaders,
                     String signature, String amzDate, Optional<Long> expiresSeconds, boolean presigned) {

    static SignedRequest fromHeader(String authorization, Optional<String> amzDate) {
        if (!authorization.startsWith(SigV4.ALGORITHM + " ")) {
            throw incomplete("Authorization header requires the " + SigV4.ALGORITHM + " algorithm");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : authorization.substring(SigV4.ALGORITHM.length() + 1).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        String date = amzDate.orElseThrow(() -> incomplete(
                "Authorization header requires existence of a 'X-Amz-Date' header."));
        return of(parts.get("Credential"), parts.get("SignedHeaders"), parts.get("Signature"), date, null, false);
    }

    static SignedRequest fromQuery(Map<String, List<String>> query) {
        if (!SigV4.ALGORITHM.equals(first(query, "X-Amz-Algorithm"))) {
            throw incomplete("X-Amz-Algorithm must be " + SigV4.ALGORITHM);
        }
        String date = first(query, "X-Amz-Date");
        if (date == null) {
            throw incomplete("A presigned URL requires X-Amz-Date");
        }
        return of(first(query, "X-Amz-Credential"), first(query, "X-Amz-SignedHeaders"),
                first(query, "X-Amz-Signature"), date, first(query, "X-Amz-Expires"), true);
    }

    private static SignedRequest of(String credential, String signedHeaders, String signature, String amzDate,
                                    String expires, boolean presigned) {
        if (credential == null || signedHeaders == null || signature == null) {
            throw incomplete("The signature must name Credential, SignedHeaders and Signature.");
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !scope[4].equals("aws4_request")) {
            throw incomplete("Credential should be scoped to a valid region and service: " + credential);
        }
        Optional<Long> expiry = Optional.empty();
        if (expires != null) {
            try {
                expiry = Optional.of(Long.parseLong(expires));
            } catch (NumberFormatException e) {
                throw incomplete("X-Amz-Expires must be a number of seconds");
            }
        }
        return new SignedRequest(scope[0], scope[1], scope[2], scope[3], List.of(signedHeaders.split(";")),
                signature, amzDate, expiry, presigned);
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static SignatureException incomplete(String message) {
        return new SignatureException(SignatureException.Reason.MALFORMED, ErrorCode.INCOMPLETE_SIGNATURE, message);
    }
}
