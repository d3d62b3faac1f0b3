package io.fleetline.agent.internal;

import io.fleetline.agent.BootSlots;
import java.nio.file.Path;

/** A/B slots as files. (Skeleton: being built.) */
public final class DirectorySlots {
    private DirectorySlots() {
    }

    public static BootSlots open(Path directory, String factoryVersion) {
        throw new UnsupportedOperationException("slots are not built yet");
    }
}
