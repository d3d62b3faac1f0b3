package io.fleetline.registry.group;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A thing group. {@code path} lists the names from the root down to this group, as {@code /root/child/this/}: it
 * makes "this group and everything below it" one prefix match. A dynamic group has a {@code query} deciding its
 * members; it is always a root without children.
 */
public record ThingGroup(String name, String id, Optional<String> parentName, String path,
                         Optional<String> description, Map<String, String> attributes, long version,
                         Instant creationDate, Optional<DynamicQuery> query) {
    public ThingGroup {
        attributes = Map.copyOf(attributes);
    }

    public boolean dynamic() {
        return query.isPresent();
    }

    static String pathOf(Optional<ThingGroup> parent, String name) {
        return parent.map(ThingGroup::path).orElse("/") + name + "/";
    }

    /** Names from the root down to this group's parent. */
    public List<String> ancestors() {
        List<String> names = Arrays.asList(path.substring(1).split("/"));
        return names.subList(0, names.size() - 1);
    }

    public String rootName() {
        return path.substring(1, path.indexOf('/', 1));
    }

    /** Levels from the root: a root group has depth 1. */
    public int depth() {
        return ancestors().size() + 1;
    }

    ThingGroup withQuery(DynamicQuery newQuery) {
        return new ThingGroup(name, id, parentName, path, description, attributes, version, creationDate,
                Optional.of(newQuery));
    }

    ThingGroup updated(Optional<String> newDescription, Map<String, String> newAttributes) {
        return new ThingGroup(name, id, parentName, path, newDescription, newAttributes, version + 1, creationDate, query);
    }
}
