package io.fleetline.jobs.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.jobs.JobStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * UpdateEventConfigurations and DescribeEventConfigurations: which event types are published. As on AWS, all are
 * off until enabled; Fleetline publishes the JOB and JOB_EXECUTION ones (the registry's are not published yet).
 */
public final class EventConfigurations {
    public static final List<String> TYPES = List.of("THING", "THING_GROUP", "THING_TYPE", "THING_GROUP_MEMBERSHIP",
            "THING_GROUP_HIERARCHY", "THING_TYPE_ASSOCIATION", "JOB", "JOB_EXECUTION", "POLICY", "CERTIFICATE",
            "CA_CERTIFICATE");
    private static final String SETTING = "event-configurations";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The stored configuration: every type's flag, and when it was created and last changed. */
    public record Snapshot(Map<String, Boolean> enabled, Instant createdAt, Instant lastModifiedAt) {
    }

    private final JobStore store;
    private final Clock clock;
    private volatile Snapshot current;

    public EventConfigurations(JobStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Whether events of the type are published; asked for every job event, so kept in memory. */
    public boolean enabled(String type) {
        return describe().enabled().getOrDefault(type, false);
    }

    /** Forgets the configuration kept in memory (the store was wiped): the next question reads the store. */
    public void forget() {
        current = null;
    }

    public Snapshot describe() {
        Snapshot snapshot = current;
        if (snapshot == null) {
            snapshot = store.read(tx -> tx.setting(SETTING)).map(EventConfigurations::parse)
                    .orElseGet(this::allOff);
            current = snapshot;
        }
        return snapshot;
    }

    /** Sets the flags the request names; the others stay as they are. */
    public void update(Map<String, Boolean> changes) {
        changes.keySet().stream().filter(t -> !TYPES.contains(t)).findFirst().ifPresent(t -> {
            throw FleetlineException.invalid("Unknown event type " + t);
        });
        store.transact(tx -> {
            // read in this transaction: a read of its own would nest a transaction in it (PostgreSQL refuses that)
            Snapshot before = tx.setting(SETTING).map(EventConfigurations::parse).orElseGet(this::allOff);
            Map<String, Boolean> enabled = new TreeMap<>(before.enabled());
            enabled.putAll(changes);
            Snapshot after = new Snapshot(enabled, before.createdAt(), clock.instant());
            tx.putSetting(SETTING, write(after));
            current = after;
            return null;
        });
    }

    private Snapshot allOff() {
        Instant now = clock.instant();
        Map<String, Boolean> none = new TreeMap<>();
        TYPES.forEach(t -> none.put(t, false));
        return new Snapshot(none, now, now);
    }

    private static Snapshot parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            Map<String, Boolean> enabled = new TreeMap<>();
            TYPES.forEach(t -> enabled.put(t, node.path("enabled").path(t).asBoolean(false)));
            return new Snapshot(enabled, Instant.ofEpochMilli(node.path("createdAt").asLong()),
                    Instant.ofEpochMilli(node.path("lastModifiedAt").asLong()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the stored event configurations are corrupt", e);
        }
    }

    private static String write(Snapshot snapshot) {
        ObjectNode node = JSON.createObjectNode();
        ObjectNode enabled = node.putObject("enabled");
        snapshot.enabled().forEach(enabled::put);
        node.put("createdAt", snapshot.createdAt().toEpochMilli());
        node.put("lastModifiedAt", snapshot.lastModifiedAt().toEpochMilli());
        return node.toString();
    }
}
