package io.fleetline.api.s3;

import io.fleetline.api.binding.RawRequest;
import io.fleetline.api.model.Operation;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.model.Shape;
import io.fleetline.core.error.FleetlineException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the S3 operation a request is for. The bucket and key come from the path or the host ({@link S3Address});
 * operations on the same method and resource ({@code PUT /{Bucket}/{Key+}} is PutObject, CopyObject, UploadPart and
 * UploadPartCopy) are told apart by the query literals of their URI ({@code ?versioning}, {@code ?list-type=2}), then
 * by how many of their required query and header members the request carries ({@code uploadId}, {@code partNumber},
 * {@code x-amz-copy-source}): the most specific match wins. A request no operation takes is S3's
 * {@code MethodNotAllowed}.
 */
public final class S3Router {
    private final Set<String> serviceHosts;
    private final Map<String, Map<S3Address.Scope, List<Operation>>> operations = new HashMap<>();

    /**
     * @param s3           the S3 model
     * @param serviceHosts the host names this server is reached by besides AWS's own ({@code localhost}, the public
     *                     host): {@code bucket.<host>} addresses the bucket, as the SDKs send virtual-hosted requests
     *                     to a custom endpoint
     */
    public S3Router(ServiceModel s3, Collection<String> serviceHosts) {
        this.serviceHosts = serviceHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        for (Operation op : s3.operations().values()) {
            scopeOf(op).ifPresent(scope -> operations
                    .computeIfAbsent(op.method(), m -> new EnumMap<>(S3Address.Scope.class))
                    .computeIfAbsent(scope, s -> new ArrayList<>()).add(op));
        }
    }

    /**
     * @param head the request's method, raw path, raw query and headers (its {@code Host} among them)
     * @throws S3Exception {@code InvalidURI} for a path or query that does not decode, {@code MethodNotAllowed} when
     *                     no operation of the model takes the request
     */
    public S3Route route(RawRequest head) {
        S3Address address = S3Address.of(head.header("host"), head.rawPath(), serviceHosts);
        Map<String, List<String>> query = query(head);
        Operation best = null;
        int bestScore = -1;
        for (Operation op : operations.getOrDefault(head.method(), Map.of()).getOrDefault(address.scope(), List.of())) {
            int score = score(op, query, head);
            if (score > bestScore) {
                best = op;
                bestScore = score;
            }
        }
        if (best == null) {
            throw new S3Exception("MethodNotAllowed", "The specified method is not allowed against this resource.",
                    Map.of("Method", head.method(), "ResourceType", address.scope().name()));
        }
        return new S3Route(best, address.bucket(), address.key());
    }

    /**
     * How specifically {@code op} matches, or -1 when it does not: each query literal outweighs any number of
     * required members, since a sub-resource ({@code ?tagging}) names the operation whatever else the request carries.
     */
    private static int score(Operation op, Map<String, List<String>> query, RawRequest head) {
        Map<String, String> literals = op.uri().queryLiterals();
        for (Map.Entry<String, String> literal : literals.entrySet()) {
            List<String> values = query.get(literal.getKey());
            if (values == null || !literal.getValue().isEmpty() && !values.contains(literal.getValue())) {
                return -1;
            }
        }
        int required = 0;
        if (op.input().isPresent()) {
            Shape input = op.input().get();
            for (String name : input.required()) {
                Shape.Member member = input.members().get(name);
                String location = member.location().orElse("");
                boolean present = switch (location) {
                    case "querystring" -> query.containsKey(member.locationName());
                    case "header" -> head.header(member.locationName()).isPresent();
                    default -> true;
                };
                if (!present) {
                    return -1;
                }
                required += location.equals("querystring") || location.equals("header") ? 1 : 0;
            }
        }
        return literals.size() * 1000 + required;
    }

    private static Map<String, List<String>> query(RawRequest head) {
        try {
            return head.queryParameters();
        } catch (FleetlineException badEscape) {
            throw S3Address.invalidUri();
        }
    }

    /** Which resource an operation's URI addresses; S3's few other URIs ({@code /WriteGetObjectResponse}) none. */
    private static Optional<S3Address.Scope> scopeOf(Operation op) {
        List<String> labels = op.uri().labels();
        if (op.uri().literalCount() > 0) {
            return Optional.empty();
        }
        if (labels.isEmpty()) {
            return Optional.of(S3Address.Scope.SERVICE);
        }
        if (labels.equals(List.of("Bucket"))) {
            return Optional.of(S3Address.Scope.BUCKET);
        }
        return labels.equals(List.of("Bucket", "Key")) ? Optional.of(S3Address.Scope.OBJECT) : Optional.empty();
    }
}
