package io.fleetline.server;

import io.fleetline.core.bus.Presence;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.Registry;
import io.fleetline.registry.group.ThingGroup;
import io.fleetline.registry.thing.Thing;
import io.fleetline.registry.thing.ThingFilter;
import io.fleetline.search.Connectivity;
import io.fleetline.search.ThingDocument;
import io.fleetline.search.indexing.IndexingConfiguration;
import io.fleetline.search.indexing.ShadowSource;
import io.fleetline.search.indexing.ThingSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The things of an account as fleet indexing reads them: the registry's fields and group memberships, the shadows
 * from the shadow seam, and the connectivity the broker's presence said last (kept in memory: after a restart every
 * device is disconnected and says so again when it reconnects).
 */
final class IndexedThings implements ThingSource {
    private static final int PAGE = 250;
    private final Registry registry;
    private final Map<String, Connectivity> connectivity = new ConcurrentHashMap<>();
    private volatile ShadowSource shadows = ShadowSource.NONE;

    IndexedThings(Registry registry) {
        this.registry = registry;
    }

    /** Where the shadows come from, once the shadow service is wired. */
    void shadows(ShadowSource source) {
        this.shadows = source;
    }

    /** Remembers a device's connection or disconnection (its client id is taken as its thing name, as on AWS). */
    void presence(Presence presence) {
        connectivity.put(presence.clientId(), presence.connected() ? Connectivity.connected(presence.timestamp())
                : Connectivity.disconnected(presence.timestamp(), presence.disconnectReason()));
    }

    /** A reset: every session ended. */
    void forgetConnectivity() {
        connectivity.clear();
    }

    @Override
    public Optional<ThingDocument> read(String thingName, IndexingConfiguration configuration) {
        try {
            return Optional.of(document(registry.things().describe(thingName), configuration));
        } catch (FleetlineException e) {
            if (e.code() == ErrorCode.RESOURCE_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void readAll(IndexingConfiguration configuration, Consumer<ThingDocument> sink) {
        PageRequest page = new PageRequest(PAGE, Optional.empty());
        while (true) {
            Page<Thing> things = registry.things().list(ThingFilter.NONE, page);
            // a thing deleted since the page was read is left out: its deletion is fed after the rebuild
            things.items().forEach(thing -> read(thing.name(), configuration).ifPresent(sink));
            if (things.nextToken().isEmpty()) {
                return;
            }
            page = PageRequest.of(PAGE, things.nextToken().get(), PAGE);
        }
    }

    private ThingDocument document(Thing thing, IndexingConfiguration configuration) {
        ThingDocument.Builder document = ThingDocument.builder(thing.name(), thing.id())
                .thingTypeName(thing.typeName().orElse(""))
                .attributes(thing.attributes())
                .thingGroupNames(groups(thing.name()));
        if (configuration.connectivityIndexing()) {
            Optional.ofNullable(connectivity.get(thing.name())).ifPresent(document::connectivity);
        }
        if (configuration.classicShadow() || !configuration.indexedNamedShadows().isEmpty()) {
            shadows.addShadows(thing.name(), configuration, document);
        }
        return document.build();
    }

    private List<String> groups(String thingName) {
        List<String> names = new ArrayList<>();
        PageRequest page = new PageRequest(PAGE, Optional.empty());
        while (true) {
            Page<ThingGroup> groups = registry.membership().groups(thingName, page);
            // a dynamic group follows the index; were it in the index, its membership would feed its own query
            groups.items().stream().filter(group -> !group.dynamic()).forEach(group -> names.add(group.name()));
            if (groups.nextToken().isEmpty()) {
                return names;
            }
            page = PageRequest.of(PAGE, groups.nextToken().get(), PAGE);
        }
    }
}
