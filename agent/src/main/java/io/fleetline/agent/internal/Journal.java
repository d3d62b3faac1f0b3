package io.fleetline.agent.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which job the agent has in hand, in {@code journal.json} of the state directory: written (atomically) before the
 * job's handler runs and removed after its outcome was reported, so that an agent that starts again knows what it was
 * doing. Each job keeps its own files under {@code jobs/{jobId}/}, removed with it.
 */
final class Journal {
    private static final Logger LOG = Logger.getLogger(Journal.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** AWS's job ids: safe as a directory name. */
    private static final Pattern JOB_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    static final String FILE = "journal.json";

    /** The job in hand: its id, execution number and document. */
    record Entry(String jobId, long executionNumber, String document) {
    }

    private final Path directory;
    private final AtomicFiles files;

    /** A journal forced to the disk at each change ({@link AtomicFiles#DURABLE}). */
    Journal(Path stateDirectory) {
        this(stateDirectory, AtomicFiles.DURABLE);
    }

    Journal(Path stateDirectory, AtomicFiles files) {
        this.directory = stateDirectory;
        this.files = files;
    }

    /**
     * The job in hand. A journal that is not a whole entry (which an atomic write never leaves, but a damaged disk
     * might) counts as none: the execution, still in progress on the server, comes back as the next job.
     */
    Optional<Entry> current() throws IOException {
        Path file = directory.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.path("jobId").isTextual() || !JOB_ID.matcher(node.path("jobId").asText()).matches()
                || !node.path("executionNumber").canConvertToLong() || !node.path("document").isTextual()) {
            LOG.warning(file + " is not a whole journal entry; it is dropped");
            return Optional.empty();
        }
        return Optional.of(new Entry(node.path("jobId").asText(), node.path("executionNumber").asLong(),
                node.path("document").asText()));
    }

    /**
     * Takes a new job in hand. Its work directory is emptied first: what is there was left by an {@link #end} that
     * was cut off, and belongs to an execution that ended.
     */
    void begin(Entry entry) throws IOException {
        Files.createDirectories(directory);
        if (JOB_ID.matcher(entry.jobId()).matches()) {
            delete(directory.resolve("jobs").resolve(entry.jobId()));
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("jobId", entry.jobId());
        node.put("executionNumber", entry.executionNumber());
        node.put("document", entry.document());
        files.write(directory.resolve(FILE), JSON.writeValueAsBytes(node));
    }

    /** The job's own directory, made when first asked for. */
    Path workDirectory(String jobId) throws IOException {
        if (!JOB_ID.matcher(jobId).matches()) {
            throw new IOException("not a job id: " + jobId);
        }
        return Files.createDirectories(directory.resolve("jobs").resolve(jobId));
    }

    /** The job ended: its entry goes first (a restart then never resumes it), then its files. */
    void end(String jobId) throws IOException {
        Files.deleteIfExists(directory.resolve(FILE));
        files.forceDirectory(directory);
        if (JOB_ID.matcher(jobId).matches()) {
            delete(directory.resolve("jobs").resolve(jobId));
        }
    }

    private static void delete(Path tree) throws IOException {
        if (!Files.exists(tree)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
