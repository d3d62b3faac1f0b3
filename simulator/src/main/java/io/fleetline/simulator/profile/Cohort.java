package io.fleetline.simulator.profile;

import java.time.Duration;

/**
 * What a simulated device does wrong, if anything: each device of a simulation belongs to one cohort, named as the
 * profile names it ({@code healthy} for the devices no fault was given to).
 */
public sealed interface Cohort {
    /** The cohort's name in a profile and in the report: its type's name, lower camel case ({@code dropMidDownload}). */
    default String name() {
        String type = getClass().getSimpleName();
        return Character.toLowerCase(type.charAt(0)) + type.substring(1);
    }

    /** Devices that do everything right. */
    record Healthy() implements Cohort {
    }

    /** The connection drops once in each job's download, at the first chunk at or past {@code afterBytes}. */
    record DropMidDownload(long afterBytes) implements Cohort {
    }

    /** Every image the device downloads arrives with a byte flipped in its first chunk. */
    record CorruptImage() implements Cohort {
    }

    /** Every signature the device checks arrives with a byte flipped. */
    record BadSignature() implements Cohort {
    }

    /** The device dies once in each job as it starts applying the image, and boots again. */
    record CrashMidInstall() implements Cohort {
    }

    /** Every new image fails the health check after the reboot. */
    record FailHealthCheck() implements Cohort {
    }

    /** The device loses power once in each job as its download starts, and comes back after {@code duration}. */
    record Offline(Duration duration) implements Cohort {
    }

    /** The device's link carries at most {@code bytesPerSecond} of a download. */
    record Slow(long bytesPerSecond) implements Cohort {
    }
}
