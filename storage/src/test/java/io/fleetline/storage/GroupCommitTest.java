package io.fleetline.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite writes share commits: a unit that fails takes only its own writes with it. */
class GroupCommitTest {
    @TempDir
    Path dir;

    @Test
    void failing_units_roll_back_alone_while_their_batch_mates_commit() throws Exception {
        String url = TestDatabases.sqliteUrl(dir);
        int writers = 32;
        int each = 25;
        List<Integer> committed = new ArrayList<>();
        try (Database db = Database.open(url)) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<Boolean>> outcomes = new ArrayList<>();
                for (int i = 0; i < writers * each; i++) {
                    int n = i;
                    outcomes.add(pool.submit(() -> insert(db, n)));
                }
                for (int i = 0; i < outcomes.size(); i++) {
                    if (outcomes.get(i).get()) {
                        committed.add(i);
                    }
                }
            } finally {
                pool.shutdown();
            }
        }
        try (Database reopened = Database.open(url)) {
            List<Integer> stored = reopened.read(h -> h.createQuery("SELECT created_at FROM access_key ORDER BY created_at")
                    .mapTo(Integer.class).list());
            assertThat(stored).containsExactlyElementsOf(committed);
            assertThat(committed).hasSize(writers * each / 2);
        }
    }

    @Test
    void an_error_inside_a_unit_fails_that_caller_and_the_writer_keeps_serving() {
        try (Database db = Database.open(TestDatabases.sqliteUrl(dir))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.write(h -> {
                throw new AssertionError("a unit that breaks badly");
            })).isInstanceOf(AssertionError.class);

            assertThat(insert(db, 2)).isTrue();
            int rows = db.read(h -> h.createQuery("SELECT COUNT(*) FROM access_key").mapTo(Integer.class).one());
            assertThat(rows).isEqualTo(1);
        }
    }

    /** Every odd unit writes a row and then fails, so its row must not survive. */
    private static boolean insert(Database db, int n) {
        try {
            db.write(h -> {
                h.createUpdate("INSERT INTO access_key (id, secret, created_at) VALUES (:id, 's', :n)")
                        .bind("id", "key-" + n).bind("n", n).execute();
                if (n % 2 == 1) {
                    throw new IllegalStateException("unit " + n + " fails after writing");
                }
                return null;
            });
            return true;
        } catch (IllegalStateException expected) {
            return false;
        }
    }
}
