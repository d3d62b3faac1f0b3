package io.fleetline.agent.internal.deviceclient;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.agent.internal.JobDocuments;
import io.fleetline.agent.internal.deviceclient.JobDocument.Action;
import io.fleetline.agent.internal.deviceclient.JobDocument.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Device Client job document: the schema version {@code 1.0} ({@code steps[].action}, {@code finalStep},
 * {@code conditions}, {@code includeStdOut}) or the older flat form ({@code operation}, {@code args}, {@code path},
 * {@code allowStdErr}), which the Device Client reads as a single {@code runHandler} step. Where the Device Client
 * skips a field of the wrong type, this reader refuses the document and says which field: a step that silently loses
 * its {@code ignoreStepFailure} would do something else than its author asked.
 */
final class JobDocumentReader {
    static final String SCHEMA_VERSION = "1.0";
    /** More steps than any real job has; it bounds what one document can make the agent run. */
    static final int MAX_STEPS = 64;

    private JobDocumentReader() {
    }

    /** Whether {@code document} is one this reader takes (the schema, or the flat form), valid or not. */
    static boolean isDeviceClientDocument(String document) {
        try {
            return isDeviceClientDocument(JobDocuments.read(document));
        } catch (JobDocuments.Unreadable e) {
            return false;
        }
    }

    /** Whether the document the agent read is one this reader takes (the schema, or the flat form), valid or not. */
    static boolean isDeviceClientDocument(JsonNode doc) {
        if (!doc.isObject()) {
            return false;
        }
        if (doc.has("steps") || doc.has("finalStep") || SCHEMA_VERSION.equals(doc.path("version").asText(null))) {
            return true;
        }
        return !doc.has("version") && doc.path("operation").isTextual();
    }

    /** Reads the document's text as the agent does ({@link JobDocuments}), then its steps. */
    static JobDocument read(String document) throws InvalidJobDocument {
        try {
            return read(JobDocuments.read(document));
        } catch (JobDocuments.Unreadable e) {
            throw new InvalidJobDocument(e.getMessage());
        }
    }

    /** The steps of a document the agent read. */
    static JobDocument read(JsonNode doc) throws InvalidJobDocument {
        if (!doc.isObject()) {
            throw new InvalidJobDocument("the job document is not a JSON object");
        }
        Fields top = new Fields(doc, "");
        boolean includeStdOut = top.flag("includeStdOut");
        if (!doc.has("version")) {
            return new JobDocument(includeStdOut, List.of(), List.of(flatFormStep(top)));
        }
        String version = top.text("version");
        if (!SCHEMA_VERSION.equals(version)) {
            throw new InvalidJobDocument("job document schema version " + version + " is not supported; this agent "
                    + "reads version " + SCHEMA_VERSION);
        }
        List<Action> steps = steps(doc);
        if (doc.has("finalStep")) {
            steps.add(ActionReader.read(top.object("finalStep"), "finalStep", true));
        }
        return new JobDocument(includeStdOut, conditions(doc), steps);
    }

    private static Action flatFormStep(Fields top) throws InvalidJobDocument {
        String operation = top.text("operation");
        JobDocument.HandlerInput input = ActionReader.handlerInput(operation, top.strings("args"),
                top.optionalText("path"), "");
        return new Action(operation, input, "", top.count("allowStdErr"), false, false);
    }

    private static List<Action> steps(JsonNode doc) throws InvalidJobDocument {
        JsonNode steps = doc.path("steps");
        if (!steps.isArray() || steps.isEmpty()) {
            throw new InvalidJobDocument("steps must be a non-empty array of steps");
        }
        if (steps.size() > MAX_STEPS) {
            throw new InvalidJobDocument("steps has " + steps.size() + " steps; this agent runs at most "
                    + MAX_STEPS);
        }
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            actions.add(ActionReader.read(steps.get(i), "steps[" + i + "]", false));
        }
        return actions;
    }

    private static List<Condition> conditions(JsonNode doc) throws InvalidJobDocument {
        if (!doc.has("conditions")) {
            return List.of();
        }
        JsonNode conditions = doc.get("conditions");
        if (!conditions.isArray()) {
            throw new InvalidJobDocument("conditions must be an array");
        }
        List<Condition> read = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            Fields condition = new Fields(conditions.get(i), "conditions[" + i + "].");
            List<String> values = condition.strings("value");
            if (values.isEmpty()) {
                throw new InvalidJobDocument("conditions[" + i + "].value must be a non-empty array of strings");
            }
            String type = condition.optionalText("type");
            read.add(new Condition(condition.text("key"), values, type.isEmpty() ? "stringEqual" : type));
        }
        return read;
    }
}
