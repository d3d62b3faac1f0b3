package io.fleetline.storage.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.core.time.ManualClock;
import io.fleetline.registry.Registry;
import io.fleetline.shadow.ShadowKey;
import io.fleetline.shadow.ShadowRejection;
import io.fleetline.shadow.ShadowService;
import io.fleetline.shadow.ShadowStore;
import io.fleetline.shadow.ShadowTx;
import io.fleetline.shadow.ShadowUpdate;
import io.fleetline.storage.Database;
import io.fleetline.storage.registry.JdbcRegistryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shadows kept in each database, through the service the server runs: what a restart finds is what was answered. */
abstract class ShadowContract {
    static final AccountScope SCOPE = new AccountScope("eu-west-1", "123456789012");
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T12:00:00Z"));
    @TempDir
    Path dir;
    String url;
    Database database;
    Registry registry;
    ShadowService shadows;

    abstract String newDatabaseUrl(Path dir);

    abstract void dropDatabase(String url);

    @BeforeEach
    void open() {
        url = newDatabaseUrl(dir);
        database = Database.open(url);
        registry = Registry.create(new JdbcRegistryStore(database), SCOPE, clock, Duration.ofMinutes(5));
        shadows = ShadowService.create(new JdbcShadowStore(database), registry, clock);
        registry.things().create("lamp", Optional.empty(), Map.of());
    }

    @AfterEach
    void close() {
        database.close();
        dropDatabase(url);
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    void update(ShadowKey key, String request) {
        shadows.update(key, ShadowUpdate.of(json(request)));
    }

    /** The shadow as a fresh service over a reopened database sees it. */
    ObjectNode reopenedGet(ShadowKey key) {
        database.close();
        database = Database.open(url);
        registry = Registry.create(new JdbcRegistryStore(database), SCOPE, clock, Duration.ofMinutes(5));
        shadows = ShadowService.create(new JdbcShadowStore(database), registry, clock);
        return shadows.get(key, Optional.empty());
    }

    @Test
    void merged_updates_survive_a_reopen_with_their_metadata_and_version() {
        ShadowKey lamp = ShadowKey.classic("lamp");
        update(lamp, "{\"state\":{\"desired\":{\"color\":\"red\",\"level\":{\"a\":1,\"b\":2}}}}");
        clock.advance(Duration.ofSeconds(5));
        update(lamp, "{\"state\":{\"desired\":{\"level\":{\"b\":null,\"c\":3}},\"reported\":{\"color\":\"blue\"}}}");

        ObjectNode got = reopenedGet(lamp);

        assertThat(got.get("state")).isEqualTo(json("""
                {"desired":{"color":"red","level":{"a":1,"c":3}},"reported":{"color":"blue"},
                 "delta":{"color":"red","level":{"a":1,"c":3}}}"""));
        long first = Instant.parse("2026-06-01T12:00:00Z").getEpochSecond();
        assertThat(got.at("/metadata/desired/level/a/timestamp").asLong()).isEqualTo(first);
        assertThat(got.at("/metadata/desired/level/c/timestamp").asLong()).isEqualTo(first + 5);
        assertThat(got.at("/metadata/desired/level/b").isMissingNode()).isTrue();
        assertThat(got.get("version").asLong()).isEqualTo(2);
    }

    @Test
    void decimals_come_back_exactly_as_written() {
        ShadowKey lamp = ShadowKey.classic("lamp");
        update(lamp, "{\"state\":{\"reported\":{\"t\":21.10000000000000000001,\"big\":123456789012345678901234567890}}}");

        ObjectNode got = reopenedGet(lamp);

        assertThat(got.at("/state/reported/t").decimalValue()).isEqualByComparingTo("21.10000000000000000001");
        assertThat(got.at("/state/reported/big").bigIntegerValue().toString())
                .isEqualTo("123456789012345678901234567890");
    }

    @Test
    void a_deleted_shadow_is_gone_but_its_version_goes_on_when_it_is_created_again() {
        ShadowKey lamp = ShadowKey.classic("lamp");
        update(lamp, "{\"state\":{\"reported\":{\"on\":true}}}");
        update(lamp, "{\"state\":{\"reported\":{\"on\":false}}}");

        assertThat(shadows.delete(lamp, Optional.empty()).get("version").asLong()).isEqualTo(2);
        assertThatThrownBy(() -> reopenedGet(lamp)).isInstanceOfSatisfying(ShadowRejection.class,
                e -> assertThat(e.status()).isEqualTo(404));
        update(lamp, "{\"state\":{\"reported\":{\"on\":true}}}");
        assertThat(reopenedGet(lamp).get("version").asLong()).isEqualTo(3);
        assertThat(reopenedGet(lamp).get("state")).isEqualTo(json("{\"reported\":{\"on\":true}}"));
    }

    @Test
    void a_stale_version_is_refused_and_changes_nothing() {
        ShadowKey lamp = ShadowKey.classic("lamp");
        update(lamp, "{\"state\":{\"reported\":{\"on\":true}}}");

        assertThatThrownBy(() -> update(lamp, "{\"state\":{\"reported\":{\"on\":false}},\"version\":7}"))
                .isInstanceOfSatisfying(ShadowRejection.class, e -> assertThat(e.status()).isEqualTo(409));
        update(lamp, "{\"state\":{\"reported\":{\"x\":1}},\"version\":1}");
        assertThat(reopenedGet(lamp).get("state")).isEqualTo(json("{\"reported\":{\"on\":true,\"x\":1}}"));
    }

    @Test
    void named_shadows_are_listed_by_name_in_pages_without_the_classic_or_deleted_ones() {
        update(ShadowKey.classic("lamp"), "{\"state\":{}}");
        for (String name : List.of("gamma", "alpha", "delta", "beta")) {
            update(ShadowKey.named("lamp", name), "{\"state\":{\"reported\":{\"n\":\"" + name + "\"}}}");
        }
        shadows.delete(ShadowKey.named("lamp", "delta"), Optional.empty());

        Page<String> first = shadows.listNamed("lamp", new PageRequest(2, Optional.empty()));
        Page<String> second = shadows.listNamed("lamp", PageRequest.of(2, first.nextToken().orElseThrow(), 2));

        assertThat(first.items()).containsExactly("alpha", "beta");
        assertThat(second.items()).containsExactly("gamma");
        assertThat(second.nextToken()).isEmpty();
        assertThat(reopenedGet(ShadowKey.named("lamp", "beta")).at("/state/reported/n").asText()).isEqualTo("beta");
    }

    @Test
    void deleting_the_thing_deletes_its_shadows() {
        update(ShadowKey.classic("lamp"), "{\"state\":{\"reported\":{\"on\":true}}}");
        update(ShadowKey.named("lamp", "cfg"), "{\"state\":{\"reported\":{\"on\":true}}}");

        registry.things().delete("lamp", Optional.empty());
        registry.things().create("lamp", Optional.empty(), Map.of());

        assertThatThrownBy(() -> reopenedGet(ShadowKey.classic("lamp"))).isInstanceOf(ShadowRejection.class);
        assertThatThrownBy(() -> reopenedGet(ShadowKey.named("lamp", "cfg"))).isInstanceOf(ShadowRejection.class);
        assertThat(shadows.listNamed("lamp", new PageRequest(10, Optional.empty())).items()).isEmpty();
    }

    @Test
    void concurrent_updates_of_one_shadow_are_each_applied_once() throws Exception {
        ShadowKey lamp = ShadowKey.classic("lamp");
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Object>> done = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int n = i;
                Callable<Object> work = () -> {
                    update(lamp, "{\"state\":{\"reported\":{\"w" + n + "\":" + n + "}}}");
                    return null;
                };
                done.add(pool.submit(work));
            }
            for (Future<Object> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        ObjectNode got = reopenedGet(lamp);
        assertThat(got.get("version").asLong()).isEqualTo(writers);
        assertThat(got.at("/state/reported").size()).isEqualTo(writers);
    }

    @Test
    void an_eleventh_request_in_flight_on_one_shadow_is_429_and_the_ten_complete() throws Exception {
        CountDownLatch inside = new CountDownLatch(10);
        CountDownLatch release = new CountDownLatch(1);
        ShadowStore real = new JdbcShadowStore(database);
        java.util.concurrent.atomic.AtomicBoolean holding = new java.util.concurrent.atomic.AtomicBoolean();
        ShadowStore held = new ShadowStore() {
            @Override
            public <T> T transact(Function<ShadowTx, T> work) {
                if (!holding.get()) {
                    return real.transact(work);
                }
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return real.transact(work);
            }
        };
        ShadowService limited = ShadowService.create(held, registry, clock);
        holding.set(true);
        ShadowKey lamp = ShadowKey.classic("lamp");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Object>> done = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                Callable<Object> work = () -> limited.update(lamp,
                        ShadowUpdate.of(json("{\"state\":{\"reported\":{\"w" + n + "\":1}}}")));
                done.add(pool.submit(work));
            }
            inside.await();
            assertThatThrownBy(() -> limited.update(lamp, ShadowUpdate.of(json("{\"state\":{}}"))))
                    .isInstanceOfSatisfying(ShadowRejection.class, e -> assertThat(e.status()).isEqualTo(429));
            assertThatThrownBy(() -> limited.get(lamp, Optional.empty()))
                    .isInstanceOfSatisfying(ShadowRejection.class, e -> assertThat(e.status()).isEqualTo(429));
            release.countDown();
            for (Future<Object> f : done) {
                f.get();
            }
        } finally {
            release.countDown();
            pool.shutdown();
        }
        assertThat(limited.get(lamp, Optional.empty()).get("version").asLong()).isEqualTo(10);
    }

    @Test
    void shadows_left_by_a_thing_deleted_just_before_a_crash_are_gone_at_the_next_start() {
        update(ShadowKey.classic("lamp"), "{\"state\":{\"reported\":{\"on\":true}}}");
        update(ShadowKey.named("lamp", "cfg"), "{\"state\":{\"reported\":{\"on\":true}}}");
        // the registry's commit, and no listener after it: the process died in between
        Registry unheard = Registry.create(new JdbcRegistryStore(database), SCOPE, clock, Duration.ofMinutes(5));
        unheard.things().delete("lamp", Optional.empty());

        database.close();
        database = Database.open(url);
        registry = Registry.create(new JdbcRegistryStore(database), SCOPE, clock, Duration.ofMinutes(5));
        shadows = ShadowService.create(new JdbcShadowStore(database), registry, clock);
        registry.things().create("lamp", Optional.empty(), Map.of());

        assertThatThrownBy(() -> shadows.get(ShadowKey.classic("lamp"), Optional.empty()))
                .isInstanceOf(ShadowRejection.class);
        assertThat(shadows.listNamed("lamp", new PageRequest(10, Optional.empty())).items()).isEmpty();
    }
}
