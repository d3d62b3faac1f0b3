package io.fleetline.security.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects, in first-seen order, the variables an evaluation needed and could not resolve. */
final class MissingValues {
    private final Set<String> names = new LinkedHashSet<>();

    void add(VariableRef ref) {
        names.add(ref.name());
    }

    List<String> toList() {
        return List.copyOf(names);
    }
}
