package io.fleetline.agent.internal.deviceclient;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.agent.internal.deviceclient.JobDocument.Action;
import io.fleetline.agent.internal.deviceclient.JobDocument.CommandInput;
import io.fleetline.agent.internal.deviceclient.JobDocument.HandlerInput;
import io.fleetline.agent.internal.deviceclient.JobDocument.Input;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads one step ({@code {"action": {...}}}) of a job document. */
final class ActionReader {
    static final String RUN_HANDLER = "runHandler";
    static final String RUN_COMMAND = "runCommand";
    /** The schema's keyword for the agent's own handler directory. */
    static final String DEFAULT_PATH = "default";
    /** POSIX-portable user names (what useradd accepts by default); nothing an option parser could take. */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,31}");

    private ActionReader() {
    }

    static Action read(JsonNode step, String where, boolean finalStep) throws InvalidJobDocument {
        JsonNode action = new Fields(step, where + ".").object("action");
        String at = where + ".action.";
        Fields fields = new Fields(action, at);
        String name = fields.text("name");
        String type = fields.text("type");
        Fields input = new Fields(fields.object("input"), at + "input.");
        Input read = switch (type) {
            case RUN_HANDLER -> handlerInput(input.text("handler"), input.strings("args"),
                    input.optionalText("path"), at + "input.");
            case RUN_COMMAND -> commandInput(input.text("command"), at + "input.command");
            default -> throw new InvalidJobDocument(at + "type " + type + " is not one of " + RUN_HANDLER + ", "
                    + RUN_COMMAND);
        };
        return new Action(name, read, runAsUser(fields.optionalText("runAsUser"), at), fields.count("allowStdErr"),
                fields.flag("ignoreStepFailure"), finalStep);
    }

    /** A handler is a file name: a document cannot reach out of the directory it names with {@code ../}. */
    static HandlerInput handlerInput(String handler, List<String> args, String path, String where)
            throws InvalidJobDocument {
        if (handler.contains("/") || handler.equals(".") || handler.equals("..") || handler.indexOf('\0') >= 0) {
            throw new InvalidJobDocument(where + "handler must be a file name, not a path: " + handler);
        }
        if (path.isEmpty() || path.equals(DEFAULT_PATH)) {
            return new HandlerInput(handler, args, "");
        }
        if (!path.startsWith("/") || path.indexOf('\0') >= 0) {
            throw new InvalidJobDocument(where + "path must be \"" + DEFAULT_PATH
                    + "\" or an absolute directory: " + path);
        }
        return new HandlerInput(handler, args, path);
    }

    private static CommandInput commandInput(String command, String where) throws InvalidJobDocument {
        List<String> argv = splitCommand(command);
        if (argv.isEmpty()) {
            throw new InvalidJobDocument(where + " is missing");
        }
        if (argv.getFirst().chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidJobDocument(where + " must start with a program, without spaces (the arguments "
                    + "follow, separated by commas): " + argv.getFirst());
        }
        return new CommandInput(argv);
    }

    /**
     * Splits a {@code runCommand} command as the Device Client does: at each comma, {@code \,} standing for a comma
     * within an argument; empty pieces are dropped, spaces kept.
     */
    static List<String> splitCommand(String command) {
        List<String> argv = new ArrayList<>();
        StringBuilder argument = new StringBuilder();
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\\' && i + 1 < command.length() && command.charAt(i + 1) == ',') {
                argument.append(',');
                i++;
            } else if (c == ',') {
                addIfAny(argv, argument);
            } else {
                argument.append(c);
            }
        }
        addIfAny(argv, argument);
        return argv;
    }

    private static void addIfAny(List<String> argv, StringBuilder argument) {
        if (!argument.isEmpty()) {
            argv.add(argument.toString());
            argument.setLength(0);
        }
    }

    private static String runAsUser(String user, String at) throws InvalidJobDocument {
        if (!user.isEmpty() && !USER_NAME.matcher(user).matches()) {
            throw new InvalidJobDocument(at + "runAsUser is not a user name: " + user);
        }
        return user;
    }
}
