package io.fleetline.api.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.Input;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.search.Bucket;
import io.fleetline.search.Percentile;
import io.fleetline.search.Statistics;
import io.fleetline.search.ThingDocument;
import io.fleetline.search.indexing.FleetIndexing;
import java.util.ArrayList;
import java.util.List;

/** SearchIndex, GetStatistics, GetCardinality, GetPercentiles and GetBucketsAggregation. */
final class SearchHandlers {
    /** SearchIndex's page, at most and by default: AWS's documented maximum. */
    static final int MAX_PAGE = 100;
    static final int DEFAULT_BUCKETS = 10;
    private static final List<Double> DEFAULT_PERCENTS = List.of(1d, 5d, 25d, 50d, 75d, 95d, 99d);
    private final FleetIndexing indexing;

    private SearchHandlers(FleetIndexing indexing) {
        this.indexing = indexing;
    }

    static void register(HandlerRegistry registry, FleetIndexing indexing) {
        SearchHandlers h = new SearchHandlers(indexing);
        registry.register("iot", "SearchIndex", h::search)
                .register("iot", "GetStatistics", h::statistics)
                .register("iot", "GetCardinality", h::cardinality)
                .register("iot", "GetPercentiles", h::percentiles)
                .register("iot", "GetBucketsAggregation", h::buckets);
    }

    private static String indexName(Input in) {
        return in.optString("indexName").orElse(FleetIndexing.INDEX_NAME);
    }

    /** The field aggregated; AWS's default is the thing name. */
    private static String field(Input in) {
        return in.optString("aggregationField").orElse("thingName");
    }

    private JsonNode search(OperationCall call) {
        Input in = call.input();
        int limit = in.optInt("maxResults").orElse(MAX_PAGE);
        if (limit > MAX_PAGE) {
            throw FleetlineException.invalid("maxResults cannot exceed " + MAX_PAGE);
        }
        Page<ThingDocument> page = indexing.search(indexName(in), in.string("queryString"),
                PageRequest.of(limit, in.optString("nextToken").orElse(null), MAX_PAGE));
        ObjectNode out = Output.object();
        ArrayNode things = out.putArray("things");
        page.items().forEach(thing -> things.add(document(thing)));
        out.putArray("thingGroups");
        Output.nextToken(out, page);
        return out;
    }

    private static ObjectNode document(ThingDocument thing) {
        ObjectNode item = Output.object();
        item.put("thingName", thing.thingName());
        item.put("thingId", thing.thingId());
        Output.put(item, "thingTypeName", thing.thingTypeName());
        ArrayNode groups = item.putArray("thingGroupNames");
        thing.thingGroupNames().forEach(groups::add);
        item.set("attributes", Output.stringMap(thing.attributes()));
        Output.put(item, "shadow", thing.shadowJson());
        thing.connectivity().ifPresent(state -> {
            ObjectNode connectivity = item.putObject("connectivity");
            connectivity.put("connected", state.connected());
            connectivity.put("timestamp", state.timestamp());
            if (!state.disconnectReason().isEmpty()) {
                connectivity.put("disconnectReason", state.disconnectReason());
            }
        });
        return item;
    }

    private JsonNode statistics(OperationCall call) {
        Input in = call.input();
        Statistics statistics = indexing.statistics(indexName(in), in.string("queryString"), field(in));
        ObjectNode out = Output.object();
        ObjectNode body = out.putObject("statistics");
        body.put("count", statistics.count());
        if (statistics.numeric()) {
            body.put("average", statistics.average());
            body.put("sum", statistics.sum());
            body.put("minimum", statistics.minimum());
            body.put("maximum", statistics.maximum());
            body.put("sumOfSquares", statistics.sumOfSquares());
            body.put("variance", statistics.variance());
            body.put("stdDeviation", statistics.stdDeviation());
        }
        return out;
    }

    private JsonNode cardinality(OperationCall call) {
        Input in = call.input();
        ObjectNode out = Output.object();
        out.put("cardinality", indexing.cardinality(indexName(in), in.string("queryString"), field(in)));
        return out;
    }

    private JsonNode percentiles(OperationCall call) {
        Input in = call.input();
        List<Double> percents = new ArrayList<>();
        in.object("percents").ifPresent(list -> list.forEach(value -> percents.add(value.asDouble())));
        List<Percentile> answer = indexing.percentiles(indexName(in), in.string("queryString"), field(in),
                percents.isEmpty() ? DEFAULT_PERCENTS : percents);
        ObjectNode out = Output.object();
        ArrayNode list = out.putArray("percentiles");
        for (Percentile percentile : answer) {
            ObjectNode pair = list.addObject();
            pair.put("percent", percentile.percent());
            pair.put("value", percentile.value());
        }
        return out;
    }

    private JsonNode buckets(OperationCall call) {
        Input in = call.input();
        int maxBuckets = in.object("bucketsAggregationType").map(type -> type.path("termsAggregation")
                .path("maxBuckets").asInt(DEFAULT_BUCKETS)).orElse(DEFAULT_BUCKETS);
        FleetIndexing.Buckets answer = indexing.buckets(indexName(in), in.string("queryString"), field(in),
                maxBuckets);
        ObjectNode out = Output.object();
        out.put("totalCount", answer.totalCount());
        ArrayNode list = out.putArray("buckets");
        for (Bucket bucket : answer.buckets()) {
            ObjectNode item = list.addObject();
            item.put("keyValue", bucket.keyValue());
            item.put("count", bucket.count());
        }
        return out;
    }
}
