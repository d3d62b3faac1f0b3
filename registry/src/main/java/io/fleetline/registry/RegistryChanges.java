package io.fleetline.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells listeners that a thing or a membership changed, after the change is committed. Authorization listens:
 * a device's policy variables (thing type, attributes) and its group policies follow these.
 */
public final class RegistryChanges {
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    void changed() {
        listeners.forEach(Runnable::run);
    }

    /** For the services of sub-packages, which announce their own changes. */
    public static void announce(RegistryChanges changes) {
        changes.changed();
    }
}
