package io.fleetline.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL writes are SERIALIZABLE and reads one REPEATABLE READ snapshot, also now that the level comes from
 * the pool (writes) and from the read's first statement instead of being set and reset around each transaction.
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
    void writes_are_serializable_and_reads_repeatable_read_whatever_ran_before_on_the_connection() {
        for (int i = 0; i < 20; i++) {  // more rounds than the pool has connections, reads and writes interleaved
            String written = database.write(PostgresIsolationTest::isolation);
            String read = database.read(PostgresIsolationTest::isolation);
            assertThat(written).isEqualTo("serializable");
            assertThat(read).isEqualTo("repeatable read");
        }
    }

    private static String isolation(Handle handle) {
        return handle.createQuery("SHOW transaction_isolation").mapTo(String.class).one();
    }
}
