package io.fleetline.simulator.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultProfileTest {

    @Test
    void reads_every_cohort_with_its_parameters() {
        FaultProfile profile = FaultProfile.parse("""
                seed: 42
                bootDelay: 1s500ms
                faults:
                  dropMidDownload: {share: 5%, afterBytes: 64KiB}
                  corruptImage: 2%
                  badSignature: 1%
                  crashMidInstall: {share: 3%}
                  failHealthCheck: 12.5%
                  offline: {share: 5%, for: 1h30m}
                  slow: {share: 10%, bytesPerSecond: 1MiB}
                """);

        assertThat(profile.seed()).isEqualTo(42);
        assertThat(profile.bootDelay()).isEqualTo(Duration.ofMillis(1_500));
        assertThat(profile.shares()).containsExactly(
                new FaultProfile.Share(new Cohort.DropMidDownload(65_536), new BigDecimal("5")),
                new FaultProfile.Share(new Cohort.CorruptImage(), new BigDecimal("2")),
                new FaultProfile.Share(new Cohort.BadSignature(), new BigDecimal("1")),
                new FaultProfile.Share(new Cohort.CrashMidInstall(), new BigDecimal("3")),
                new FaultProfile.Share(new Cohort.FailHealthCheck(), new BigDecimal("12.5")),
                new FaultProfile.Share(new Cohort.Offline(Duration.ofMinutes(90)), new BigDecimal("5")),
                new FaultProfile.Share(new Cohort.Slow(1 << 20), new BigDecimal("10")));
    }

    @Test
    void gives_defaults_to_what_a_profile_leaves_out() {
        FaultProfile profile = FaultProfile.parse("""
                faults:
                  offline: 5%
                  slow: 1%
                  dropMidDownload: 1%
                """);

        assertThat(profile.seed()).isEqualTo(FaultProfile.DEFAULT_SEED);
        assertThat(profile.bootDelay()).isEqualTo(FaultProfile.DEFAULT_BOOT_DELAY);
        assertThat(profile.shares()).extracting(FaultProfile.Share::cohort).containsExactly(
                new Cohort.Offline(Duration.ofMinutes(10)), new Cohort.Slow(64 * 1024), new Cohort.DropMidDownload(1));
        assertThat(FaultProfile.parse("")).isEqualTo(FaultProfile.healthy());
    }

    @Test
    void names_each_cohort_as_a_profile_does() {
        FaultProfile every = FaultProfile.parse("""
                faults: {dropMidDownload: 1%, corruptImage: 1%, badSignature: 1%, crashMidInstall: 1%,
                         failHealthCheck: 1%, offline: 1%, slow: 1%}
                """);

        assertThat(every.shares()).extracting(s -> s.cohort().name()).containsExactly("dropMidDownload",
                "corruptImage", "badSignature", "crashMidInstall", "failHealthCheck", "offline", "slow");
        assertThat(new Cohort.Healthy().name()).isEqualTo("healthy");
    }

    @Test
    void refuses_an_unknown_key_and_names_the_keys_it_knows() {
        assertThatThrownBy(() -> FaultProfile.parse("faults:\n  slowness: 5%\n"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("faults: unknown key 'slowness'")
                .hasMessageContaining("badSignature, corruptImage, crashMidInstall, dropMidDownload");
        assertThatThrownBy(() -> FaultProfile.parse("sed: 4\n"))
                .hasMessageContaining("the profile: unknown key 'sed'; known: bootDelay, faults, seed");
        assertThatThrownBy(() -> FaultProfile.parse("faults:\n  offline: {share: 5%, fro: 10m}\n"))
                .hasMessageContaining("faults.offline: unknown key 'fro'; known: for, share");
    }

    @Test
    void refuses_shares_that_add_up_past_the_whole_fleet() {
        assertThatThrownBy(() -> FaultProfile.parse("""
                faults:
                  failHealthCheck: 60%
                  offline: 40.5%
                """))
                .isInstanceOf(ProfileException.class)
                .hasMessage("faults: the shares add up to 100.5%, more than 100%");
        assertThat(FaultProfile.parse("faults: {failHealthCheck: 33.4%, offline: 33.3%, slow: 33.3%}").shares())
                .hasSize(3);
    }

    @Test
    void refuses_a_share_that_is_not_a_percentage() {
        assertThatThrownBy(() -> FaultProfile.parse("faults: {corruptImage: 0.3}"))
                .hasMessageContaining("faults.corruptImage: '0.3' is not a share; write a percentage");
        assertThatThrownBy(() -> FaultProfile.parse("faults: {corruptImage: 130%}"))
                .hasMessageContaining("faults.corruptImage: 130% is more than 100%");
        assertThatThrownBy(() -> FaultProfile.parse("faults: {offline: {for: 10m}}"))
                .hasMessageContaining("faults.offline: share is missing");
    }

    @Test
    void refuses_bad_durations_and_sizes() {
        assertThatThrownBy(() -> FaultProfile.parse("bootDelay: 10 minutes"))
                .hasMessageContaining("bootDelay: '10 minutes' is not a duration");
        assertThatThrownBy(() -> FaultProfile.parse("bootDelay: 10"))
                .hasMessageContaining("bootDelay: '10' is not a duration");
        assertThatThrownBy(() -> FaultProfile.parse("faults: {offline: {share: 1%, for: 5x}}"))
                .hasMessageContaining("faults.offline.for: '5x' is not a duration");
        assertThatThrownBy(() -> FaultProfile.parse("faults: {slow: {share: 1%, bytesPerSecond: 0}}"))
                .hasMessageContaining("faults.slow.bytesPerSecond: must be at least 1");
        assertThatThrownBy(() -> FaultProfile.parse("faults: {slow: {share: 1%, bytesPerSecond: fast}}"))
                .hasMessageContaining("faults.slow.bytesPerSecond: 'fast' is not a size");
    }

    @Test
    void refuses_what_is_not_a_profile() {
        assertThatThrownBy(() -> FaultProfile.parse("- a\n- b\n"))
                .hasMessageContaining("the profile: expected a mapping");
        assertThatThrownBy(() -> FaultProfile.parse("faults: {slow: 1%\n"))
                .hasMessageStartingWith("not a YAML document");
        assertThatThrownBy(() -> FaultProfile.parse("seed: 1\nseed: 2\n"))
                .hasMessageStartingWith("not a YAML document");
        assertThatThrownBy(() -> FaultProfile.parse("seed: abc"))
                .hasMessageContaining("seed: 'abc' is not a whole number");
        assertThatThrownBy(() -> FaultProfile.parse("#".repeat(70_000)))
                .hasMessageContaining("at most 65536 characters");
    }
}
