package io.fleetline.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the journal reads back after a write cut off at each point: a write is written beside the journal, forced and
 * renamed over it ({@link AtomicFiles}), so a cut before the rename leaves the entry before, and one after leaves the
 * new one; an end cut off before the job's files went leaves nothing in hand, and the next begin starts clean.
 */
class JournalTest {
    private static final Journal.Entry FIRST = new Journal.Entry("fw-1", 1, "{\"fleetline_ota\":{\"version\":1}}");
    private static final Journal.Entry SECOND = new Journal.Entry("fw-2", 3, "{\"version\":\"1.0\",\"steps\":[]}");

    @TempDir
    Path state;
    Journal journal;
    Path file;
    Path beside;

    @BeforeEach
    void a_journal() {
        journal = new Journal(state);
        file = state.resolve(Journal.FILE);
        beside = state.resolve(Journal.FILE + ".tmp");
    }

    /** The bytes a begin of {@code entry} writes, taken from a journal of their own. */
    private byte[] written(Journal.Entry entry) throws Exception {
        Path other = Files.createTempDirectory(state, "other");
        new Journal(other).begin(entry);
        return Files.readAllBytes(other.resolve(Journal.FILE));
    }

    @Test
    void a_journal_never_written_has_nothing_in_hand() throws Exception {
        assertThat(journal.current()).isEmpty();
    }

    @Test
    void a_begin_reads_back_whole() throws Exception {
        journal.begin(FIRST);

        assertThat(journal.current()).contains(FIRST);
        assertThat(beside).doesNotExist();
    }

    @Test
    void a_begin_cut_off_while_writing_beside_leaves_the_entry_before() throws Exception {
        journal.begin(FIRST);
        byte[] next = written(SECOND);
        for (int cut = 0; cut <= next.length; cut += Math.max(1, next.length / 7)) {
            Files.write(beside, Arrays.copyOf(next, cut));

            assertThat(journal.current()).as("cut at byte " + cut).contains(FIRST);
        }
    }

    @Test
    void a_first_begin_cut_off_before_its_rename_leaves_nothing_in_hand() throws Exception {
        Files.write(beside, written(FIRST));

        assertThat(journal.current()).isEmpty();
    }

    @Test
    void a_begin_after_a_cut_off_one_replaces_what_it_left_beside() throws Exception {
        Files.write(beside, Arrays.copyOf(written(SECOND), 11));

        journal.begin(SECOND);

        assertThat(journal.current()).contains(SECOND);
        assertThat(beside).doesNotExist();
    }

    @Test
    void an_end_cut_off_before_the_entry_went_keeps_the_job_and_its_files() throws Exception {
        journal.begin(FIRST);
        Path work = journal.workDirectory(FIRST.jobId());
        Files.writeString(work.resolve("firmware.json"), "{\"phase\":\"applying\"}");

        assertThat(journal.current()).contains(FIRST);
        assertThat(work.resolve("firmware.json")).exists();
    }

    @Test
    void an_end_cut_off_after_the_entry_went_leaves_nothing_in_hand_and_the_next_begin_starts_clean()
            throws Exception {
        journal.begin(FIRST);
        Path work = journal.workDirectory(FIRST.jobId());
        Files.writeString(work.resolve("firmware.json"), "{\"phase\":\"confirmed\"}");
        Files.delete(file);  // end() removes the entry first, then the job's files: cut off in between

        assertThat(journal.current()).isEmpty();
        Journal.Entry retried = new Journal.Entry(FIRST.jobId(), 2, FIRST.document());
        journal.begin(retried);

        assertThat(journal.current()).contains(retried);
        assertThat(journal.workDirectory(FIRST.jobId())).isEmptyDirectory();
    }

    @Test
    void an_end_removes_the_entry_and_the_jobs_files() throws Exception {
        journal.begin(FIRST);
        Files.writeString(journal.workDirectory(FIRST.jobId()).resolve("image.bin"), "bytes");

        journal.end(FIRST.jobId());

        assertThat(journal.current()).isEmpty();
        assertThat(state.resolve("jobs").resolve(FIRST.jobId())).doesNotExist();
    }

    @Test
    void a_journal_that_is_not_a_whole_entry_counts_as_none() throws Exception {
        byte[] whole = written(FIRST);
        for (byte[] damaged : new byte[][] {new byte[0], Arrays.copyOf(whole, whole.length / 2),
                "{\"jobId\":\"../etc\",\"executionNumber\":1,\"document\":\"{}\"}".getBytes(StandardCharsets.UTF_8),
                "{\"jobId\":\"fw-1\",\"document\":\"{}\"}".getBytes(StandardCharsets.UTF_8), "[]".getBytes(
                        StandardCharsets.UTF_8)}) {
            Files.write(file, damaged);

            assertThat(journal.current()).as(new String(damaged, StandardCharsets.UTF_8)).isEqualTo(Optional.empty());
        }
    }
}
