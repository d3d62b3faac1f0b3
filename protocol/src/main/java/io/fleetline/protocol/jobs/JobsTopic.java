package io.fleetline.protocol.jobs;

import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.RejectionCode;
import java.util.Optional;

/**
 * A request topic of the jobs device API: whose jobs, which operation and, for DescribeJobExecution and
 * UpdateJobExecution, which job ({@link #NEXT} for the next pending one). Each request is answered on its topic plus
 * {@code /accepted} or {@code /rejected}.
 *
 * @param thingName the thing level of the topic, as the device wrote it
 * @param jobId     present exactly for {@link Operation#DESCRIBE} and {@link Operation#UPDATE}
 */
public record JobsTopic(String thingName, Operation operation, Optional<String> jobId) {
    /** Every thing's jobs topics, as a prefix in which {@code +} is one level. */
    public static final String PREFIX_FILTER = "$aws/things/+/jobs/";
    /** The job id that means "the next pending execution" (DescribeJobExecution only). */
    public static final String NEXT = "$next";
    private static final String THINGS = "$aws/things/";

    /** The operations of the jobs device API, by their request topic. */
    public enum Operation {
        /** GetPendingJobExecutions: {@code jobs/get}. */
        GET_PENDING,
        /** StartNextPendingJobExecution: {@code jobs/start-next}. */
        START_NEXT,
        /** DescribeJobExecution: {@code jobs/{jobId}/get}. */
        DESCRIBE,
        /** UpdateJobExecution: {@code jobs/{jobId}/update}. */
        UPDATE
    }

    public JobsTopic {
        if (!isLevel(thingName)) {
            throw new IllegalArgumentException("not a thing's topic level: " + thingName);
        }
        boolean namesJob = operation == Operation.DESCRIBE || operation == Operation.UPDATE;
        if (jobId.isPresent() != namesJob || jobId.filter(id -> !isLevel(id)).isPresent()) {
            throw new IllegalArgumentException(operation + " with job id " + jobId);
        }
    }

    public static JobsTopic getPending(String thingName) {
        return new JobsTopic(thingName, Operation.GET_PENDING, Optional.empty());
    }

    public static JobsTopic startNext(String thingName) {
        return new JobsTopic(thingName, Operation.START_NEXT, Optional.empty());
    }

    public static JobsTopic describe(String thingName, String jobId) {
        return new JobsTopic(thingName, Operation.DESCRIBE, Optional.of(jobId));
    }

    public static JobsTopic update(String thingName, String jobId) {
        return new JobsTopic(thingName, Operation.UPDATE, Optional.of(jobId));
    }

    /**
     * The request a topic names.
     *
     * @throws DeviceRejection {@code InvalidTopic} when it is not one of the jobs API's request topics
     */
    public static JobsTopic parse(String topic) {
        String[] levels = topic.split("/", -1);
        if (levels.length >= 5 && levels[0].equals("$aws") && levels[1].equals("things") && levels[3].equals("jobs")
                && isLevel(levels[2])) {
            Optional<JobsTopic> parsed = levels.length == 5 ? ofOperation(levels[2], levels[4])
                    : levels.length == 6 && isLevel(levels[4]) ? onJob(levels[2], levels[4], levels[5])
                    : Optional.empty();
            if (parsed.isPresent()) {
                return parsed.get();
            }
        }
        throw new DeviceRejection(RejectionCode.INVALID_TOPIC, "The topic is not one of the jobs API: " + topic);
    }

    private static Optional<JobsTopic> ofOperation(String thing, String operation) {
        return switch (operation) {
            case "get" -> Optional.of(getPending(thing));
            case "start-next" -> Optional.of(startNext(thing));
            default -> Optional.empty();
        };
    }

    private static Optional<JobsTopic> onJob(String thing, String jobId, String operation) {
        return switch (operation) {
            case "get" -> Optional.of(describe(thing, jobId));
            case "update" -> Optional.of(update(thing, jobId));
            default -> Optional.empty();
        };
    }

    /** The request topic. */
    public String topic() {
        String jobs = jobsTopics(thingName);
        return switch (operation) {
            case GET_PENDING -> jobs + "get";
            case START_NEXT -> jobs + "start-next";
            case DESCRIBE -> jobs + jobId.orElseThrow() + "/get";
            case UPDATE -> jobs + jobId.orElseThrow() + "/update";
        };
    }

    /** Where the request is accepted. */
    public String accepted() {
        return topic() + "/accepted";
    }

    /** Where the request is rejected. */
    public String rejected() {
        return topic() + "/rejected";
    }

    /**
     * Where a request published on {@code requestTopic} is rejected, whether or not that topic is a request of the
     * API (an unknown one is rejected with {@code InvalidTopic} there).
     */
    public static String rejected(String requestTopic) {
        return requestTopic + "/rejected";
    }

    /** Where the thing hears that its pending list changed. */
    public static String notify(String thingName) {
        return jobsTopics(thingName) + "notify";
    }

    /** Where the thing hears that its next pending execution is another one. */
    public static String notifyNext(String thingName) {
        return jobsTopics(thingName) + "notify-next";
    }

    private static String jobsTopics(String thingName) {
        return THINGS + thingName + "/jobs/";
    }

    /** A topic level that names something: not empty, no separator, no wildcard. */
    private static boolean isLevel(String level) {
        return !level.isEmpty() && level.indexOf('/') < 0 && level.indexOf('+') < 0 && level.indexOf('#') < 0;
    }
}
