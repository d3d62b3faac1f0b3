package io.fleetline.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.Registry;
import io.fleetline.registry.RegistryChange;
import io.fleetline.registry.thing.ThingService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Device Shadow service of an account: get, update and delete a thing's classic or named shadow, list its named
 * ones. Each answer is built from what is durable in the store. A thing's shadows go with the thing.
 */
public final class ShadowService {
    /** AWS: only desired and reported count, 8 KB together. */
    public static final int MAX_STATE_BYTES = 8 * 1024;
    /** AWS answers 429 past 10 requests in flight on one shadow. */
    static final int MAX_IN_FLIGHT = 10;
    /** Updates that lost a race with another on the same shadow are tried again, this often at most. */
    private static final int ATTEMPTS = 32;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ShadowStore store;
    private final ThingService things;
    private final Clock clock;
    private final Map<ShadowKey, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    /** Told the thing's name after each change of one of its shadows is committed (fleet indexing reads it again). */
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    ShadowService(ShadowStore store, ThingService things, Clock clock) {
        this.store = store;
        this.things = things;
        this.clock = clock;
    }

    /**
     * The service over {@code store}, forgetting a thing's shadows when the registry deletes the thing. The shadows
     * go after the thing's deletion is committed; those of a thing deleted just before a crash go here, at start.
     */
    public static ShadowService create(ShadowStore store, Registry registry, Clock clock) {
        ShadowService service = new ShadowService(store, registry.things(), clock);
        store.transact(ShadowTx::deleteOrphans);
        registry.changes().onChange(change -> {
            if (change instanceof RegistryChange.ThingDeleted deleted) {
                service.deleteAllOf(deleted.thingName());
            }
        });
        return service;
    }

    /**
     * Applies an update and answers what it publishes.
     *
     * @throws ShadowRejection 404 for an unknown thing, 409 for a version other than the shadow's, 413 past 8 KB
     */
    public UpdateOutcome update(ShadowKey key, ShadowUpdate update) {
        return limited(key, () -> {
            requireThing(key.thingName());
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Optional<UpdateOutcome> outcome = store.transact(tx -> tryUpdate(tx, key, update));
                if (outcome.isPresent()) {
                    changed(key);
                    return outcome.get();
                }
            }
            throw ShadowRejection.conflict();
        });
    }

    private Optional<UpdateOutcome> tryUpdate(ShadowTx tx, ShadowKey key, ShadowUpdate update) {
        Optional<StoredShadow> current = tx.find(key);
        long version = current.map(StoredShadow::version).orElse(0L);
        if (update.version().filter(v -> v != version).isPresent()) {
            throw ShadowRejection.conflict();
        }
        Instant now = clock.instant();
        long ts = now.getEpochSecond();
        Optional<ShadowDocument> before = current.flatMap(StoredShadow::document);
        ShadowDocument after = apply(before.orElse(ShadowDocument.empty()), update, ts);
        if (after.stateBytes() > MAX_STATE_BYTES) {
            throw ShadowRejection.tooLarge();
        }
        StoredShadow next = new StoredShadow(key, Optional.of(after), version + 1, now);
        if (!(current.isEmpty() ? tx.insert(next) : tx.replace(next, version))) {
            return Optional.empty();
        }
        return Optional.of(outcome(before, after, version, update, ts));
    }

    private static ShadowDocument apply(ShadowDocument document, ShadowUpdate update, long ts) {
        ObjectNode state = document.state();
        ObjectNode metadata = document.metadata();
        if (update.state().isEmpty()) {
            return ShadowDocument.empty();
        }
        for (Map.Entry<String, JsonNode> section : update.state().get().properties()) {
            String name = section.getKey();
            if (section.getValue().isNull()) {
                state.remove(name);
                metadata.remove(name);
                continue;
            }
            ObjectNode target = state.get(name) instanceof ObjectNode s ? s : F.objectNode();
            ObjectNode meta = metadata.get(name) instanceof ObjectNode m ? m : F.objectNode();
            ShadowRules.merge(target, meta, (ObjectNode) section.getValue(), ts);
            if (target.isEmpty()) {
                state.remove(name);
                metadata.remove(name);
            } else {
                state.set(name, target);
                metadata.set(name, meta);
            }
        }
        return new ShadowDocument(state, metadata);
    }

    private static UpdateOutcome outcome(Optional<ShadowDocument> before, ShadowDocument after, long oldVersion,
                                         ShadowUpdate update, long ts) {
        long version = oldVersion + 1;
        ObjectNode accepted = F.objectNode();
        accepted.set("state", update.state().<JsonNode>map(ObjectNode::deepCopy).orElse(NullNode.instance));
        update.state().ifPresent(state -> accepted.set("metadata", requestMetadata(state, ts)));
        accepted.put("version", version).put("timestamp", ts);
        update.clientToken().ifPresent(token -> accepted.put("clientToken", token));
        Optional<ObjectNode> delta = update.state().filter(s -> s.hasNonNull(ShadowDocument.DESIRED))
                .flatMap(s -> after.delta()).map(d -> deltaMessage(after, d, version, ts, update.clientToken()));
        ObjectNode documents = F.objectNode();
        documents.set("previous", before.<JsonNode>map(doc -> whole(doc, oldVersion)).orElse(NullNode.instance));
        documents.set("current", whole(after, version));
        documents.put("timestamp", ts);
        update.clientToken().ifPresent(token -> documents.put("clientToken", token));
        return new UpdateOutcome(accepted, delta, documents);
    }

    /** The metadata of the request's own fields, removals ({@code null}) included. */
    private static ObjectNode requestMetadata(ObjectNode state, long ts) {
        ObjectNode out = F.objectNode();
        state.properties().forEach(e -> out.set(e.getKey(), e.getValue().isNull()
                ? F.objectNode().put("timestamp", ts) : ShadowRules.leafMetadata(e.getValue(), ts)));
        return out;
    }

    private static ObjectNode deltaMessage(ShadowDocument doc, ObjectNode delta, long version, long ts,
                                           Optional<String> clientToken) {
        ObjectNode message = F.objectNode().put("version", version).put("timestamp", ts);
        message.set("state", delta);
        message.set("metadata", doc.deltaMetadata(delta));
        clientToken.ifPresent(token -> message.put("clientToken", token));
        return message;
    }

    private static ObjectNode whole(ShadowDocument doc, long version) {
        ObjectNode out = F.objectNode();
        out.set("state", doc.state());
        out.set("metadata", doc.metadata());
        return out.put("version", version);
    }

    /**
     * The shadow with its delta, as a get answers it.
     *
     * @throws ShadowRejection 404 when there is no such shadow
     */
    public ObjectNode get(ShadowKey key, Optional<String> clientToken) {
        return limited(key, () -> {
            StoredShadow shadow = existing(key, store.read(tx -> tx.find(key)));
            ShadowDocument doc = shadow.document().orElseThrow();
            ObjectNode out = F.objectNode();
            out.set("state", doc.stateWithDelta());
            out.set("metadata", doc.metadata());
            out.put("version", shadow.version()).put("timestamp", clock.instant().getEpochSecond());
            clientToken.ifPresent(token -> out.put("clientToken", token));
            return out;
        });
    }

    /**
     * The shadow as the database holds it, for fleet indexing: {@code state} (with its {@code delta}), {@code metadata}
     * and {@code version}; empty when there is none. Not counted against the requests in flight on the shadow.
     */
    public Optional<ObjectNode> indexed(ShadowKey key) {
        return store.read(tx -> tx.find(key)).flatMap(shadow -> shadow.document().map(doc -> {
            ObjectNode out = F.objectNode();
            out.set("state", doc.stateWithDelta());
            out.set("metadata", doc.metadata());
            return out.put("version", shadow.version());
        }));
    }

    /** Tells {@code listener} the thing's name after each committed change of one of its shadows. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    private void changed(ShadowKey key) {
        listeners.forEach(listener -> listener.accept(key.thingName()));
    }

    /**
     * Deletes the shadow's document; its version goes on if it is created again.
     *
     * @return {@code {"version", "timestamp"}}: the version deleted
     * @throws ShadowRejection 404 when there is no such shadow
     */
    public ObjectNode delete(ShadowKey key, Optional<String> clientToken) {
        return limited(key, () -> {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Instant now = clock.instant();
                Optional<Long> deleted = store.transact(tx -> {
                    StoredShadow shadow = existing(key, tx.find(key));
                    return tx.replace(new StoredShadow(key, Optional.empty(), shadow.version(), now),
                            shadow.version()) ? Optional.of(shadow.version()) : Optional.<Long>empty();
                });
                if (deleted.isPresent()) {
                    changed(key);
                    ObjectNode out = F.objectNode().put("version", deleted.get())
                            .put("timestamp", now.getEpochSecond());
                    clientToken.ifPresent(token -> out.put("clientToken", token));
                    return out;
                }
            }
            throw ShadowRejection.conflict();
        });
    }

    /**
     * The names of the thing's named shadows, in order.
     *
     * @throws ShadowRejection 404 for an unknown thing
     */
    public Page<String> listNamed(String thingName, PageRequest page) {
        requireThing(thingName);
        return Page.of(store.read(tx -> tx.namedShadows(thingName, page.after(), page.limit() + 1)), page,
                name -> name);
    }

    /** Forgets every shadow of a thing. */
    public void deleteAllOf(String thingName) {
        store.transact(tx -> {
            tx.deleteAllOf(thingName);
            return null;
        });
    }

    private static StoredShadow existing(ShadowKey key, Optional<StoredShadow> shadow) {
        return shadow.filter(s -> s.document().isPresent()).orElseThrow(() -> ShadowRejection.missing(
                "No shadow exists with name: '" + key.displayName() + "'"));
    }

    private void requireThing(String thingName) {
        try {
            things.describe(thingName);
        } catch (FleetlineException e) {
            if (e.code() == ErrorCode.RESOURCE_NOT_FOUND) {
                throw ShadowRejection.missing("Thing not found");
            }
            throw e;
        }
    }

    /** At most {@link #MAX_IN_FLIGHT} requests on one shadow at once; past that 429, as AWS answers. */
    private <T> T limited(ShadowKey key, Supplier<T> work) {
        AtomicInteger count = inFlight.computeIfAbsent(key, k -> new AtomicInteger());
        try {
            if (count.incrementAndGet() > MAX_IN_FLIGHT) {
                throw ShadowRejection.throttled();
            }
            return work.get();
        } finally {
            if (count.decrementAndGet() == 0) {
                inFlight.remove(key, count);
            }
        }
    }
}
