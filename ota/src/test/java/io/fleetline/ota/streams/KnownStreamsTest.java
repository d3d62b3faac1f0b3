package io.fleetline.ota.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The streams kept between devices' requests, and reads that race a change. */
class KnownStreamsTest {
    private static final StreamId S1 = StreamId.of("s1");
    private final InMemoryStreamStore store = new InMemoryStreamStore();
    private Runnable duringRead = () -> { };
    private final KnownStreams known = new KnownStreams(new StreamStore() {
        @Override
        public <T> T transact(Function<StreamTx, T> work) {
            T result = store.transact(work);
            duringRead.run();
            return result;
        }
    });

    private static Stream version(int version) {
        return new Stream(S1, Optional.empty(), List.of(new StreamFile(0, FileSource.of("b", "k"), 10, "\"e\"")),
                StreamsTest.ROLE, version, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void a_stream_found_once_is_not_read_again_until_it_changes() {
        store.insert(version(1));
        known.find(S1);
        int transactions = store.transactions;

        assertThat(known.find(S1)).map(Stream::version).contains(1);
        assertThat(store.transactions).isEqualTo(transactions);

        store.update(version(2));
        known.changed(S1);
        assertThat(known.find(S1)).map(Stream::version).contains(2);
    }

    @Test
    void what_a_read_found_while_the_stream_changed_is_not_kept() {
        store.insert(version(1));
        duringRead = () -> {
            store.update(version(2));  // committed after the read found version 1, and told before it ends
            known.changed(S1);
        };
        assertThat(known.find(S1)).map(Stream::version).contains(1);
        duringRead = () -> { };

        assertThat(known.find(S1)).map(Stream::version).contains(2);
    }

    @Test
    void a_stream_that_does_not_exist_is_asked_for_each_time() {
        assertThat(known.find(S1)).isEmpty();
        store.insert(version(1));

        assertThat(known.find(S1)).map(Stream::version).contains(1);
    }

    @Test
    void forgetting_all_reads_every_stream_again() {
        store.insert(version(1));
        known.find(S1);
        store.delete(S1);

        known.forgetAll();

        assertThat(known.find(S1)).isEmpty();
    }
}
