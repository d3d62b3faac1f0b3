package io.fleetline.agent.internal.deviceclient;

import java.util.List;

/**
 * A Device Client job document, read and checked: the steps in the order they run, the {@code finalStep} (if any)
 * last. Conditions are kept as read: the Device Client checks their shape and does not evaluate them, nor does this
 * agent.
 */
record JobDocument(boolean includeStdOut, List<Condition> conditions, List<Action> steps) {
    JobDocument {
        conditions = List.copyOf(conditions);
        steps = List.copyOf(steps);
    }

    /** A condition of the schema: a key, the values it may take, and how they compare (by default stringEqual). */
    record Condition(String key, List<String> values, String type) {
        Condition {
            values = List.copyOf(values);
        }
    }

    /**
     * One step. {@code allowStdErr} is how many lines the step may write to stderr and still succeed (the schema's
     * default is 0); {@code runAsUser} is empty when the step runs as the agent's user.
     */
    record Action(String name, Input input, String runAsUser, int allowStdErr, boolean ignoreStepFailure,
                  boolean finalStep) {
    }

    /** What a step runs. */
    sealed interface Input {
    }

    /**
     * A handler script: {@code handler} is a file name in {@code directory}, which is empty for the agent's handler
     * directory (the schema's {@code "default"}, or no {@code path}).
     */
    record HandlerInput(String handler, List<String> args, String directory) implements Input {
        HandlerInput {
            args = List.copyOf(args);
        }

        boolean inHandlerDirectory() {
            return directory.isEmpty();
        }
    }

    /** A command: the program, then its arguments, as the schema's comma-separated {@code command} splits. */
    record CommandInput(List<String> argv) implements Input {
        CommandInput {
            argv = List.copyOf(argv);
        }

        String program() {
            return argv.getFirst();
        }
    }
}
