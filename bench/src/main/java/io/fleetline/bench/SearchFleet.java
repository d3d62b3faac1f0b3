package io.fleetline.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The fleet the search benchmark queries, the same for Fleetline and for the SQL baseline: thing {@code i} is
 * {@code dev-000000i} with ten attributes and a classic shadow reporting five values, each drawn from {@code i} by
 * its own hash, so the fields are independent of one another and every run holds the same fleet. The queries'
 * selectivities follow: a model is one thing in 20, a location one in 50, a weight in [100, 200] about one in ten,
 * a firmware below 2.1 eleven in 30, so the three-clause query matches about one thing in 2,700.
 */
final class SearchFleet {
    static final String TERM = "attributes.model:m7";
    static final String RANGE = "attributes.weight:[100 TO 200]";
    static final String BOOLEAN = "attributes.location:floor-1 AND shadow.reported.firmwareVersion < 2.1"
            + " AND attributes.model:m7";
    private static final String[] COLORS = {"black", "white", "grey", "red", "green", "blue", "yellow", "orange"};
    private static final String[] REGIONS = {"north", "south", "east", "west", "central"};
    private static final String[] TIERS = {"basic", "standard", "premium"};

    private SearchFleet() {
    }

    static String name(int i) {
        return String.format(Locale.ROOT, "dev-%07d", i);
    }

    static String id(int i) {
        return UUID.nameUUIDFromBytes(name(i).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The thing's ten attributes. */
    static Map<String, String> attributes(int i) {
        Map<String, String> a = new TreeMap<>();
        a.put("model", "m" + draw(i, 1, 20));
        a.put("location", "floor-" + draw(i, 2, 50));
        a.put("weight", Integer.toString(draw(i, 3, 1000)));
        a.put("color", COLORS[draw(i, 4, COLORS.length)]);
        a.put("vendor", "v" + draw(i, 5, 10));
        a.put("batch", "b" + draw(i, 6, 1000));
        a.put("region", REGIONS[draw(i, 7, REGIONS.length)]);
        a.put("serial", "sn-" + Long.toHexString(mix(i * 16L + 8)));
        a.put("tier", TIERS[draw(i, 9, TIERS.length)]);
        a.put("owner", "team-" + draw(i, 10, 100));
        return a;
    }

    /** The classic shadow's reported state as JSON: firmware 1.0 to 3.9, and four readings. */
    static String reported(int i) {
        return String.format(Locale.ROOT, "{\"firmwareVersion\":%d.%d,\"temperature\":%d.%d,\"battery\":%d,"
                        + "\"rssi\":%d,\"uptime\":%d}", 1 + draw(i, 11, 30) / 10, draw(i, 11, 30) % 10,
                15 + draw(i, 12, 20), draw(i, 13, 10), draw(i, 14, 101), -40 - draw(i, 15, 60), draw(i, 16, 1_000_000));
    }

    /** The reported fields' names, for the shadow's metadata. */
    static final String[] REPORTED_FIELDS = {"firmwareVersion", "temperature", "battery", "rssi", "uptime"};

    private static int draw(int i, int field, int bound) {
        return (int) Long.remainderUnsigned(mix(i * 16L + field), bound);
    }

    /** SplitMix64's finaliser: well-spread bits from consecutive inputs. */
    private static long mix(long x) {
        long z = x * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
