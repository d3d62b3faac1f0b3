package io.fleetline.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Tells listeners what changed in the registry, after the change is committed. Authorization listens (a device's
 * policy variables and group policies follow things and memberships), and so do continuous jobs (a thing that
 * joins a target group gets the job).
 */
public final class RegistryChanges {
    private final List<Consumer<RegistryChange>> listeners = new CopyOnWriteArrayList<>();

    /** Runs {@code listener} after every change, whatever it was. */
    public void onChange(Runnable listener) {
        listeners.add(change -> listener.run());
    }

    public void onChange(Consumer<RegistryChange> listener) {
        listeners.add(listener);
    }

    void changed(RegistryChange change) {
        listeners.forEach(listener -> listener.accept(change));
    }

    /** For the services of sub-packages, which announce their own changes. */
    public static void announce(RegistryChanges changes, RegistryChange change) {
        changes.changed(change);
    }
}
