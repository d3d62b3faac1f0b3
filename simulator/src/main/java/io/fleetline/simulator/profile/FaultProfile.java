package io.fleetline.simulator.profile;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A simulation's faults: which share of the fleet falls into each {@link Cohort}, the seed that decides which devices
 * those are, and how long a simulated device takes to boot. Read from YAML by {@link #parse}, strictly: an unknown key,
 * a share that is not a percentage, shares adding up past 100% or a bad duration is a {@link ProfileException} that
 * names the place.
 *
 * @param seed      decides which devices fall into which cohort (the same seed, the same devices)
 * @param bootDelay how long a simulated reboot takes
 * @param shares    the faulty cohorts and their shares of the fleet; the rest is {@link Cohort.Healthy}
 */
public record FaultProfile(long seed, Duration bootDelay, List<Share> shares) {
    /** The seed when a profile gives none. */
    public static final long DEFAULT_SEED = 1;
    /** The boot delay when a profile gives none. */
    public static final Duration DEFAULT_BOOT_DELAY = Duration.ofSeconds(2);
    static final BigDecimal ALL = BigDecimal.valueOf(100);

    /** @param percent of the fleet, 0 to 100 */
    public record Share(Cohort cohort, BigDecimal percent) {
        public Share {
            if (percent.signum() < 0 || percent.compareTo(ALL) > 0) {
                throw new ProfileException("a share is a percentage from 0% to 100%, not " + percent + "%");
            }
        }
    }

    public FaultProfile {
        shares = List.copyOf(shares);
        if (bootDelay.isNegative()) {
            throw new ProfileException("bootDelay: must not be negative");
        }
        BigDecimal total = shares.stream().map(Share::percent).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (total.compareTo(ALL) > 0) {
            throw new ProfileException("faults: the shares add up to " + total.stripTrailingZeros().toPlainString()
                    + "%, more than 100%");
        }
        if (shares.stream().map(s -> s.cohort().name()).distinct().count() < shares.size()) {
            throw new ProfileException("faults: a cohort is given twice");
        }
    }

    /** No faults: every device healthy. */
    public static FaultProfile healthy() {
        return new FaultProfile(DEFAULT_SEED, DEFAULT_BOOT_DELAY, List.of());
    }

    /** A profile from its YAML text; see {@code docs/simulator.md} for the format. */
    public static FaultProfile parse(String yaml) {
        return ProfileReader.read(yaml);
    }

    /** A profile from a YAML file; a {@link ProfileException} names the file. */
    public static FaultProfile read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > ProfileReader.MAX_CHARS) {
            throw new ProfileException(file + ": " + size + " bytes; a profile is at most " + ProfileReader.MAX_CHARS);
        }
        try {
            return parse(Files.readString(file));
        } catch (ProfileException e) {
            throw new ProfileException(file + ": " + e.getMessage());
        }
    }

    /** A duration as profiles write them ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h30m}). */
    public static Duration duration(String text) {
        return ProfileValues.duration("duration", text);
    }

    /** The same profile with another seed. */
    public FaultProfile withSeed(long newSeed) {
        return new FaultProfile(newSeed, bootDelay, shares);
    }

    /** The same profile with another boot delay. */
    public FaultProfile withBootDelay(Duration delay) {
        return new FaultProfile(seed, delay, shares);
    }
}
