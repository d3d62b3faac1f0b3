package io.fleetline.simulator.profile;

import java.time.Duration;

/**
 * What a simulated device does wrong, if anything: each device of a simulation belongs to one cohort, named as the
 * profile names it ({@code healthy} for the devices no fault was given to).
 */
public sealed interface Cohort {
    /** The cohort's name in a profile and in the report. */
    String name();

    /** Devices that do everything right. */
    record Healthy() implements Cohort {
        @Override
        public String name() {
            return "healthy";
        }
    }

    /** The connection drops once in each job's download, at the first chunk at or past {@code afterBytes}. */
    record DropMidDownload(long afterBytes) implements Cohort {
        @Override
        public String name() {
            return "dropMidDownload";
        }
    }

    /** Every image the device downloads arrives with a byte flipped in its first chunk. */
    record CorruptImage() implements Cohort {
        @Override
        public String name() {
            return "corruptImage";
        }
    }

    /** Every signature the device checks arrives with a byte flipped. */
    record BadSignature() implements Cohort {
        @Override
        public String name() {
            return "badSignature";
        }
    }

    /** The device dies once in each job as it starts applying the image, and boots again. */
    record CrashMidInstall() implements Cohort {
        @Override
        public String name() {
            return "crashMidInstall";
        }
    }

    /** Every new image fails the health check after the reboot. */
    record FailHealthCheck() implements Cohort {
        @Override
        public String name() {
            return "failHealthCheck";
        }
    }

    /** The device loses power once in each job as its download starts, and comes back after {@code duration}. */
    record Offline(Duration duration) implements Cohort {
        @Override
        public String name() {
            return "offline";
        }
    }

    /** The device's link carries at most {@code bytesPerSecond} of a download. */
    record Slow(long bytesPerSecond) implements Cohort {
        @Override
        public String name() {
            return "slow";
        }
    }
}
