package io.fleetline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;

/**
 * Index lag as an operator sees it: change a thing (every other change an attribute with UpdateThing, the others the
 * classic shadow's reported state with iot-data UpdateThingShadow), then search for the new value until the thing
 * is found. One change at a time, on things picked at random from a range.
 */
final class IndexLag {
    /** A change not visible after this long counts as missed. */
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(10);
    private final IotClient iot;
    private final IotDataPlaneClient data;

    IndexLag(IotClient iot, IotDataPlaneClient data) {
        this.iot = iot;
        this.data = data;
    }

    /** Makes {@code changes} changes on things {@code from} (inclusive) to {@code to}; {@code tag} keeps values unique. */
    Result measure(int changes, int from, int to, String tag) {
        SplittableRandom random = new SplittableRandom(tag.hashCode());
        List<Long> sentToSeen = new ArrayList<>();
        List<Long> ackedToSeen = new ArrayList<>();
        int firstSearch = 0;
        int missed = 0;
        for (int k = 0; k < changes; k++) {
            String thing = SearchFleet.name(random.nextInt(from, to));
            String value = tag + k;
            long sent = System.nanoTime();
            String query;
            if (k % 2 == 0) {
                iot.updateThing(r -> r.thingName(thing).attributePayload(p -> p.attributes(Map.of("tier", value))
                        .merge(true)));
                query = "thingName:" + thing + " AND attributes.tier:" + value;
            } else {
                int battery = 1_000_000 + (value.hashCode() & 0xFFFFFF);
                data.updateThingShadow(r -> r.thingName(thing).payload(SdkBytes.fromUtf8String(
                        "{\"state\":{\"reported\":{\"battery\":" + battery + "}}}")));
                query = "thingName:" + thing + " AND shadow.reported.battery:" + battery;
            }
            long acked = System.nanoTime();
            int searches = 0;
            while (true) {
                searches++;
                boolean seen = !iot.searchIndex(r -> r.indexName("AWS_Things").queryString(query).maxResults(1))
                        .things().isEmpty();
                long now = System.nanoTime();
                if (seen) {
                    sentToSeen.add(now - sent);
                    ackedToSeen.add(now - acked);
                    firstSearch += searches == 1 ? 1 : 0;
                    break;
                }
                if (now - acked > GIVE_UP_NANOS) {
                    missed++;
                    break;
                }
                Thread.onSpinWait();
            }
        }
        return new Result(changes, sentToSeen, ackedToSeen, firstSearch, missed);
    }

    /** Lags in nanoseconds, from sending the change and from its answer, to the first search that found it. */
    record Result(int changes, List<Long> sentToSeen, List<Long> ackedToSeen, int firstSearch, int missed) {
        String describe() {
            return String.format(Locale.ROOT, "%d changes: sent -> visible p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                            + " acknowledged -> visible p50 %.1f ms, p99 %.1f ms; visible on the first search after"
                            + " the change returned: %d; not visible within 10 s: %d", changes,
                    pct(sentToSeen, 0.50), pct(sentToSeen, 0.99), pct(sentToSeen, 1.0), pct(ackedToSeen, 0.50),
                    pct(ackedToSeen, 0.99), firstSearch, missed);
        }

        double p99Millis() {
            return pct(sentToSeen, 0.99);
        }

        private static double pct(List<Long> nanos, double p) {
            if (nanos.isEmpty()) {
                return Double.NaN;
            }
            List<Long> sorted = nanos.stream().sorted().toList();
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
        }
    }
}
