package io.fleetline.agent.internal.deviceclient;

import io.fleetline.agent.internal.deviceclient.JobDocument.Action;
import io.fleetline.agent.internal.deviceclient.JobDocument.CommandInput;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The programs {@code runCommand} steps may run, as the agent was configured: each by the exact name the command
 * gives ({@code echo} allows {@code echo}, found on the agent's PATH, not {@code /tmp/echo}). The Device Client runs
 * any command; this agent runs none unless told, since a job document is code run on the device.
 */
final class AllowedCommands {
    private final Set<String> programs;

    AllowedCommands(List<String> programs) {
        for (String program : programs) {
            if (program.isEmpty() || program.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',')) {
                throw new IllegalArgumentException("an allowed command is a program name or path, without spaces "
                        + "or commas: '" + program + "'");
            }
        }
        this.programs = Set.copyOf(programs);
    }

    /** Why the document cannot run, when one of its steps runs a command not allowed. */
    Optional<String> refusal(JobDocument document) {
        for (Action action : document.steps()) {
            if (action.input() instanceof CommandInput command && !programs.contains(command.program())) {
                return Optional.of("command " + command.program() + " is not in the allow-list of this agent (step "
                        + action.name() + ")");
            }
        }
        return Optional.empty();
    }
}
