package io.fleetline.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL writes are SERIALIZABLE, reads one REPEATABLE READ snapshot and row-locking writes READ COMMITTED,
 * with the level set by each transaction's first statement (or left at the pool's READ COMMITTED) instead of being
 * set and reset around each transaction.
 */
class PostgresIsolationTest {
    private String url;
    private Database database;

    @BeforeEach
    void open() {
        url = TestDatabases.postgresUrl();
        database = Database.open(url);
    }

    @AfterEach
    void close() {
        database.close();
        TestDatabases.dropPostgresSchema(url);
    }

    @Test
    void each_kind_of_transaction_gets_its_level_whatever_ran_before_on_the_connection() {
        for (int i = 0; i < 20; i++) {  // more rounds than the pool has connections, reads and writes interleaved
            String written = database.write(PostgresIsolationTest::isolation);
            String read = database.read(PostgresIsolationTest::isolation);
            String locking = database.writeLockingRows(PostgresIsolationTest::isolation);
            assertThat(written).isEqualTo("serializable");
            assertThat(read).isEqualTo("repeatable read");
            assertThat(locking).as("a device's job requests, which lock what they change").isEqualTo("read committed");
        }
    }

    private static String isolation(Handle handle) {
        return handle.createQuery("SHOW transaction_isolation").mapTo(String.class).one();
    }
}
