package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.it.FleetModel.Change;
import io.fleetline.it.FleetModel.State;
import io.fleetline.it.SearchAnswers.Answer;
import io.fleetline.it.SearchAnswers.Probe;
import io.fleetline.simulator.Progress;
import io.fleetline.simulator.fleet.Provisioner;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.Bucket;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;

/**
 * Fleet search at scale: 10,000 things with attributes and a reported shadow each, indexed with their registry,
 * shadow and connectivity (REGISTRY_AND_SHADOW, STATUS). While 180 of them connect over mutual-TLS MQTT, report
 * their firmware and disconnect, and an operator recolours, deletes and reflashes others, two clients search without
 * pause: every answer must agree with the states each thing may have had while the search ran (a change
 * acknowledged before the search started must show), and none may fail. Once the churn stops, answers and
 * aggregations equal the test's model of the fleet exactly.
 */
class FleetSearchAtScaleIT {
    private static final int FLEET = 10_000;
    private static final int LIVE = 200;
    private static final String[] COLORS = {"red", "green", "blue"};
    private static final double[] FIRMWARE = {1.0, 1.5, 2.0, 2.2};
    private static final String SHADOW_POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
               "Resource": "arn:aws:iot:*:*:topic/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*"},
              {"Effect": "Allow", "Action": "iot:Subscribe",
               "Resource": "arn:aws:iot:*:*:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*"}
            ]}""";
    private static final String WATCHER_POLICY = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:*", "Resource": "*"}]}""";
    /** What the searches ask while the fleet changes, each with what it means. */
    private static final List<Probe> CHURN_PROBES = List.of(
            new Probe("shadow.reported.firmware:3.0", s -> s.firmware() == 3.0),
            new Probe("shadow.reported.sequence:[1 TO 5]", s -> s.sequence() >= 1 && s.sequence() <= 5),
            new Probe("connectivity.connected:true", State::connected),
            new Probe("connectivity.connected:true AND attributes.floor:[3 TO 4]",
                    s -> s.connected() && s.number("floor") >= 3 && s.number("floor") <= 4),
            new Probe("thingGroupNames:live AND NOT connectivity.connected:true",
                    s -> s.groups().contains("live") && !s.connected()),
            new Probe("shadow.reported.firmware < 2.1 AND attributes.color:red AND connectivity.connected:true",
                    s -> s.firmware() < 2.1 && s.attributes().get("color").equals("red") && s.connected()),
            new Probe("attributes.color:purple OR (attributes.floor:9 AND attributes.weight < 300)",
                    s -> s.attributes().get("color").equals("purple")
                            || s.number("floor") == 9 && s.number("weight") < 300),
            new Probe("attributes.weight:[4000 TO 4099]", s -> s.number("weight") >= 4000 && s.number("weight") <= 4099),
            // live-00010 to live-00019, the things that weigh 10 to 19
            new Probe("thingName:live-0001?", s -> s.number("weight") >= 10 && s.number("weight") <= 19));
    private static final Probe CONNECTED = CHURN_PROBES.get(2);

    @TempDir
    Path dir;
    TestServer server;
    IotClient iot;
    IotDataPlaneClient data;
    final FleetModel model = new FleetModel();

    @BeforeEach
    void start() {
        server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(), c -> c.withMqtt(m -> m.withPort(0)));
        iot = Sdk.iot(server);
        data = Sdk.data(server);
    }

    @AfterEach
    void stop() {
        data.close();
        iot.close();
        server.close();
    }

    private static String name(int i) {
        return i < LIVE ? Provisioner.thingName("live", i) : String.format(Locale.ROOT, "unit-%05d", i);
    }

    private static Map<String, String> attributes(int i) {
        return Map.of("floor", String.valueOf(i % 10), "weight", String.valueOf(i), "color", COLORS[i % 3]);
    }

    @Test
    void searches_agree_with_the_fleet_while_thousands_of_things_change_and_exactly_once_it_settles()
            throws Exception {
        long began = System.nanoTime();
        iot.updateIndexingConfiguration(r -> r.thingIndexingConfiguration(c -> c
                .thingIndexingMode("REGISTRY_AND_SHADOW").thingConnectivityIndexingMode("STATUS")));
        String[] thingIds = createThings();
        List<DeviceIdentity> devices = provisionDevices();
        reportShadows();
        for (int i = 0; i < FLEET; i++) {
            model.add(name(i), thingIds[i], State.of(attributes(i), i < LIVE ? List.of("live") : List.of(),
                    FIRMWARE[i % 4]));
        }
        assertIndexedAsBuilt();
        long built = System.nanoTime();
        int searches = churnWhileSearching(devices);
        long churned = System.nanoTime();
        assertSettledAnswers();
        System.out.printf("FleetSearchAtScaleIT: fleet built in %d ms, churn with %d searches in %d ms, settled"
                + " checks in %d ms%n", (built - began) / 1_000_000, searches, (churned - built) / 1_000_000,
                (System.nanoTime() - churned) / 1_000_000);
    }

    /** The 10,000 things with their attributes, four clients at a time; answers their ids. */
    private String[] createThings() throws Exception {
        String[] ids = new String[FLEET];
        inParallel(4, FLEET, i -> ids[i] = iot.createThing(r -> r.thingName(name(i))
                .attributePayload(a -> a.attributes(attributes(i)))).thingId());
        return ids;
    }

    /**
     * The first 200 things become devices in group {@code live} as the fleet simulator provisions them (a key made
     * here, a certificate from CreateCertificateFromCsr); the group's policies let each use its own shadow.
     */
    private List<DeviceIdentity> provisionDevices() throws Exception {
        var fleet = new Provisioner(iot, dir.resolve("devices"), 4, Clock.systemUTC())
                .provision("live", LIVE, Progress.none().bar("provisioning", LIVE));
        String group = iot.describeThingGroup(r -> r.thingGroupName("live")).thingGroupArn();
        iot.createPolicy(r -> r.policyName("live-shadows").policyDocument(SHADOW_POLICY));
        iot.attachPolicy(r -> r.policyName("live-shadows").target(group));
        return fleet.devices().stream().map(d -> new DeviceIdentity(d.certificateArn(), "", d.certificatePem(),
                d.privateKeyPem())).toList();
    }

    /** Each thing's first report over HTTPS ({@code iot-data update-thing-shadow}), four clients at a time. */
    private void reportShadows() throws Exception {
        inParallel(4, FLEET, i -> report(name(i), FIRMWARE[i % 4], 0));
    }

    private void report(String thing, double firmware, long sequence) {
        data.updateThingShadow(r -> r.thingName(thing).payload(SdkBytes.fromUtf8String(String.format(Locale.ROOT,
                "{\"state\":{\"reported\":{\"firmware\":%.1f,\"sequence\":%d}}}", firmware, sequence))));
    }

    /** Before the churn, the index holds the fleet as it was built: a count of all, and one query page by page. */
    private void assertIndexedAsBuilt() {
        assertThat(iot.getStatistics(r -> r.queryString("*").aggregationField("attributes.weight")).statistics()
                .count()).isEqualTo(FLEET);
        Probe probe = new Probe("attributes.floor:7 AND shadow.reported.firmware:1.5",
                s -> s.number("floor") == 7 && s.firmware() == 1.5);
        SearchAnswers answers = new SearchAnswers(iot, model);
        Answer answer = answers.search(probe);
        assertThat(answers.problems(answer)).isEmpty();
        assertThat(answer.things()).hasSize(FLEET / 20);
        assertThat(answer.pages()).as("pages of 100").isGreaterThanOrEqualTo(FLEET / 20 / 100);
    }

    /**
     * Devices and the operator change the fleet while two clients search, and the searches' answers are checked.
     * Device {@code d} connects, reports and disconnects twice (firmware 2.0, then 3.0), and stays connected when
     * {@code d % 3 == 0}; every tenth device never connects.
     */
    private int churnWhileSearching(List<DeviceIdentity> devices) throws Exception {
        ChurnSearches searches = new ChurnSearches(iot, model, CHURN_PROBES, CONNECTED, "shadow.reported.sequence",
                2);
        try (searches; PresenceWatch presence = PresenceWatch.connect(server, watcher(), "presence-watcher");
             ExecutorService operator = Executors.newSingleThreadExecutor()) {
            Future<?> operating = operator.submit(() -> {
                operate();
                return null;
            });
            inParallel(12, LIVE, d -> {
                if (d % 10 != 9) {
                    new ChurningDevice(server, devices.get(d), model.thing(name(d)), presence)
                            .run(new double[] {2.0, 3.0}, d % 3 == 0);
                }
            });
            operating.get(120, TimeUnit.SECONDS);
        }
        assertThat(searches.problems()).as("searches during the churn").isEmpty();
        assertThat(searches.searches()).as("searches during the churn").isGreaterThanOrEqualTo(CHURN_PROBES.size());
        return searches.searches();
    }

    private DeviceIdentity watcher() {
        iot.createPolicy(r -> r.policyName("watcher").policyDocument(WATCHER_POLICY));
        var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
        iot.attachPolicy(r -> r.policyName("watcher").target(keys.certificateArn()));
        return new DeviceIdentity(keys.certificateArn(), keys.certificateId(), keys.certificatePem(),
                keys.keyPair().privateKey());
    }

    /**
     * The operator's changes, one after another: 150 things recoloured purple, 22 weighing 4000 to 4105 deleted, 100
     * reflashed to firmware 3.0 over HTTPS; no thing is changed twice, and none is a device.
     */
    private void operate() {
        for (int k = 0; k < 150; k++) {
            String thing = name(1003 + 40 * k);
            Change recolor = model.thing(thing).change(s -> s.withAttribute("color", "purple"));
            iot.updateThing(r -> r.thingName(thing).attributePayload(a -> a.attributes(Map.of("color", "purple"))
                    .merge(true)));
            recolor.acknowledge();
            if (k % 7 == 0) {
                String gone = name(4000 + 5 * (k / 7));
                Change delete = model.thing(gone).change(State::deleted);
                iot.deleteThing(r -> r.thingName(gone));
                delete.acknowledge();
            }
            if (k < 100) {
                String reflashed = name(7001 + 13 * k);
                Change reflash = model.thing(reflashed).change(s -> s.reporting(3.0, 1));
                report(reflashed, 3.0, 1);
                reflash.acknowledge();
            }
        }
    }

    /** Once nothing changes: every probe, all things and a large range answer as the model says, as do aggregations. */
    private void assertSettledAnswers() {
        SearchAnswers answers = new SearchAnswers(iot, model);
        List<Probe> probes = new ArrayList<>(CHURN_PROBES);
        probes.add(new Probe("*", s -> true));
        probes.add(new Probe("shadow.reported.firmware < 2.1", s -> s.firmware() < 2.1));
        for (Probe probe : probes) {
            Answer answer = answers.search(probe);
            assertThat(answers.problems(answer)).as(probe.query()).isEmpty();
            assertThat(answer.names()).as(probe.query()).isEqualTo(expectedNames(probe));
        }
        List<State> connected = model.things().stream().map(FleetModel.Timeline::latest)
                .filter(CONNECTED::matching).toList();
        assertThat(connected).hasSize((int) IntStream.range(0, LIVE).filter(d -> d % 3 == 0 && d % 10 != 9).count());
        var statistics = iot.getStatistics(r -> r.queryString(CONNECTED.query())
                .aggregationField("shadow.reported.sequence")).statistics();
        assertThat(statistics.count()).isEqualTo(connected.size());
        assertThat(statistics.sum()).isEqualTo(connected.stream().mapToDouble(State::sequence).sum());
        assertThat(statistics.minimum()).isEqualTo(2.0);
        assertThat(statistics.maximum()).isEqualTo(2.0);
        assertColorBuckets();
    }

    private List<String> expectedNames(Probe probe) {
        return model.things().stream().filter(t -> probe.matching(t.latest())).map(FleetModel.Timeline::name)
                .toList();
    }

    /** GetBucketsAggregation over the whole fleet by colour counts what the model counts. */
    private void assertColorBuckets() {
        var buckets = iot.getBucketsAggregation(r -> r.queryString("*").aggregationField("attributes.color")
                .bucketsAggregationType(b -> b.termsAggregation(t -> t.maxBuckets(10))));
        List<State> existing = model.things().stream().map(FleetModel.Timeline::latest).filter(State::exists)
                .toList();
        assertThat(buckets.totalCount()).isEqualTo(existing.size()).isEqualTo(FLEET - 22);
        Map<String, Long> expected = existing.stream().collect(Collectors.groupingBy(
                s -> s.attributes().get("color"), TreeMap::new, Collectors.counting()));
        Map<String, Long> answered = buckets.buckets().stream().collect(Collectors.toMap(Bucket::keyValue,
                b -> (long) b.count(), (a, b) -> a, TreeMap::new));
        assertThat(answered).isEqualTo(expected);
    }

    /** A task for each of {@code 0 .. count-1}, {@code threads} at a time; the first failure fails the test. */
    private static void inParallel(int threads, int count, IndexTask task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> tasks = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int n = i;
                tasks.add(pool.submit(() -> {
                    task.run(n);
                    return null;
                }));
            }
            for (Future<?> done : tasks) {
                done.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Work on item {@code i}. */
    private interface IndexTask {
        void run(int i) throws Exception;
    }
}
