package io.fleetline.agent.internal.deviceclient;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs steps as the {@code runAsUser} a job asks for. The Device Client switches with {@code sudo -u USER -n} and,
 * where it cannot, quietly runs the step as itself; this agent refuses instead: a step meant to run unprivileged must
 * not run as root because a user is missing. An agent running as root switches with {@code runuser} (or
 * {@code sudo -n} where there is no runuser); any other agent runs steps only as itself.
 */
final class RunAs {
    private final CurrentUser agent;

    RunAs(CurrentUser agent) {
        this.agent = agent;
    }

    /** Checks that a step can run as {@code user} (empty: the agent's own user). */
    void check(String user) throws StepRefused {
        if (isAgent(user)) {
            return;
        }
        if (!exists(user)) {
            throw new StepRefused("there is no user " + user + " on this device to run the step as");
        }
        if (!agent.isRoot()) {
            throw new StepRefused("the agent runs as " + agent.name() + ", not root, so it cannot run a step as "
                    + user);
        }
    }

    /** The command line that runs {@code argv} as {@code user}; checks first. */
    List<String> commandLine(String user, List<String> argv) throws StepRefused {
        check(user);
        if (isAgent(user)) {
            return argv;
        }
        List<String> switched = new ArrayList<>(switcher(user));
        switched.addAll(argv);
        return switched;
    }

    private boolean isAgent(String user) {
        return user.isEmpty() || user.equals(agent.name());
    }

    private static boolean exists(String user) {
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> switcher(String user) {
        return Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")
                .filter(path -> Files.isExecutable(Path.of(path)))
                .findFirst()
                .map(runuser -> List.of(runuser, "-u", user, "--"))
                .orElse(List.of("sudo", "-n", "-u", user, "--"));
    }
}
