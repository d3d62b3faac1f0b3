package io.fleetline.storage.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.registry.Registry;
import io.fleetline.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The registry's behaviour over a real database. Each concrete suite names a database; every test runs on
 * a fresh one, so the same expectations hold for SQLite and PostgreSQL.
 */
abstract class RegistryContract {
    static final AccountScope SCOPE = new AccountScope("us-east-1", "123456789012");
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    Database database;
    String url;
    Registry registry;

    /** A JDBC URL of a database no other test uses. */
    abstract String newDatabaseUrl();

    /** Removes what {@link #newDatabaseUrl} made. */
    abstract void dropDatabase(String url);

    @BeforeEach
    void open() {
        url = newDatabaseUrl();
        database = Database.open(url);
        registry = registryAt(T0);
    }

    @AfterEach
    void close() {
        database.close();
        dropDatabase(url);
    }

    /** The registry as it would answer at another moment (the same data, another clock). */
    Registry registryAt(Instant now) {
        return Registry.create(new JdbcRegistryStore(database), SCOPE, Clock.fixed(now, ZoneOffset.UTC),
                Duration.ofMinutes(5));
    }

    /** Reopens the database from scratch, as a restarted server would. */
    void reopen() {
        database.close();
        database = Database.open(url);
        registry = registryAt(T0);
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertFails(ThrowingCallable call, ErrorCode code) {
        return assertThatThrownBy(call).isInstanceOf(FleetlineException.class)
                .satisfies(e -> assertThat(((FleetlineException) e).code()).isEqualTo(code));
    }
}
