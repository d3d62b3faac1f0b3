package io.fleetline.agent.internal.deviceclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.agent.internal.deviceclient.JobDocument.Action;
import io.fleetline.agent.internal.deviceclient.JobDocument.CommandInput;
import io.fleetline.agent.internal.deviceclient.JobDocument.Condition;
import io.fleetline.agent.internal.deviceclient.JobDocument.HandlerInput;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobDocumentReaderTest {
    @Test
    void reads_steps_then_the_final_step_with_their_options() throws Exception {
        JobDocument document = JobDocumentReader.read("""
                {"version": "1.0", "includeStdOut": "true",
                 "conditions": [{"key": "operatingSystem", "value": ["ubuntu", "debian"]}],
                 "steps": [
                   {"action": {"name": "Install", "type": "runHandler", "runAsUser": "root",
                               "input": {"handler": "install-packages.sh", "args": ["lftp"], "path": "default"},
                               "allowStdErr": 2, "ignoreStepFailure": "true"}},
                   {"action": {"name": "Echo", "type": "runCommand", "input": {"command": "echo,hello world"}}}],
                 "finalStep": {"action": {"name": "Remove", "type": "runHandler",
                               "input": {"handler": "remove-packages.sh", "path": "/opt/handlers"}}}}""");

        assertThat(document.includeStdOut()).isTrue();
        assertThat(document.conditions()).containsExactly(
                new Condition("operatingSystem", List.of("ubuntu", "debian"), "stringEqual"));
        assertThat(document.steps()).containsExactly(
                new Action("Install", new HandlerInput("install-packages.sh", List.of("lftp"), ""), "root", 2, true,
                        false),
                new Action("Echo", new CommandInput(List.of("echo", "hello world")), "", 0, false, false),
                new Action("Remove", new HandlerInput("remove-packages.sh", List.of(), "/opt/handlers"), "", 0, false,
                        true));
    }

    @Test
    void reads_the_flat_form_as_one_handler_step() throws Exception {
        JobDocument document = JobDocumentReader.read("""
                {"operation": "install-packages.sh", "args": ["lftp", "dos2unix"], "path": "default",
                 "allowStdErr": 2, "includeStdOut": true}""");

        assertThat(document.includeStdOut()).isTrue();
        assertThat(document.steps()).containsExactly(new Action("install-packages.sh",
                new HandlerInput("install-packages.sh", List.of("lftp", "dos2unix"), ""), "", 2, false, false));
    }

    @Test
    void splits_commands_at_commas_as_the_device_client_does() {
        assertThat(ActionReader.splitCommand("echo,a b,,c\\,d,")).containsExactly("echo", "a b", "c,d");
        assertThat(ActionReader.splitCommand("printf,%s\\\\,x")).containsExactly("printf", "%s\\,x");
        assertThat(ActionReader.splitCommand(",,")).isEmpty();
    }

    @Test
    void takes_device_client_documents_and_leaves_others() {
        assertThat(JobDocumentReader.isDeviceClientDocument("{\"version\": \"1.0\", \"steps\": []}")).isTrue();
        assertThat(JobDocumentReader.isDeviceClientDocument("{\"version\": \"2.0\", \"steps\": []}")).isTrue();
        assertThat(JobDocumentReader.isDeviceClientDocument("{\"operation\": \"reboot.sh\"}")).isTrue();
        assertThat(JobDocumentReader.isDeviceClientDocument(
                "{\"operation\": \"firmware_update\", \"version\": \"2.1.0\"}")).isFalse();
        assertThat(JobDocumentReader.isDeviceClientDocument("{\"afr_ota\": {\"files\": []}}")).isFalse();
        assertThat(JobDocumentReader.isDeviceClientDocument("[1, 2]")).isFalse();
        assertThat(JobDocumentReader.isDeviceClientDocument("not json")).isFalse();
    }

    @Test
    void refuses_documents_that_say_something_else_than_the_schema() {
        assertRefused("{\"version\": \"2.0\", \"steps\": [" + echo() + "]}",
                "job document schema version 2.0 is not supported; this agent reads version 1.0");
        assertRefused("{\"version\": \"1.0\", \"steps\": []}", "steps must be a non-empty array of steps");
        assertRefused("{\"version\": \"1.0\", \"steps\": [{\"action\": {\"type\": \"runCommand\", "
                + "\"input\": {\"command\": \"echo\"}}}]}", "steps[0].action.name is missing");
        assertRefused("{\"version\": \"1.0\", \"steps\": [{\"action\": {\"name\": \"x\", \"type\": \"runScript\", "
                + "\"input\": {}}}]}", "steps[0].action.type runScript is not one of runHandler, runCommand");
        assertRefused("{\"version\": \"1.0\", \"steps\": [{\"action\": {\"name\": \"x\", \"type\": \"runCommand\", "
                + "\"input\": {\"command\": \"echo\"}, \"ignoreStepFailure\": \"yes\"}}]}",
                "steps[0].action.ignoreStepFailure must be \"true\" or \"false\"");
        assertRefused("{\"version\": \"1.0\", \"steps\": [{\"action\": {\"name\": \"x\", \"type\": \"runCommand\", "
                + "\"input\": {\"command\": \"echo\"}, \"allowStdErr\": -1}}]}",
                "steps[0].action.allowStdErr must be a whole number of 0 or more");
        assertRefused("{\"version\": \"1.0\", \"steps\": [" + echo() + "], \"conditions\": [{\"key\": \"os\", "
                + "\"value\": []}]}", "conditions[0].value must be a non-empty array of strings");
        assertRefused("{\"version\": \"1.0\", \"version\": \"1.0\"}",
                "the job document is not valid JSON: Duplicate field 'version'");
    }

    @Test
    void refuses_handlers_outside_their_directory_and_commands_that_are_not_a_program() {
        assertRefused(handlerStep("\"handler\": \"../../bin/sh\""),
                "steps[0].action.input.handler must be a file name, not a path: ../../bin/sh");
        assertRefused(handlerStep("\"handler\": \"x.sh\", \"path\": \"relative/dir\""),
                "steps[0].action.input.path must be \"default\" or an absolute directory: relative/dir");
        assertRefused("{\"version\": \"1.0\", \"steps\": [{\"action\": {\"name\": \"x\", \"type\": \"runCommand\", "
                + "\"input\": {\"command\": \"rm -rf /,x\"}}}]}", "steps[0].action.input.command must start with "
                + "a program, without spaces (the arguments follow, separated by commas): rm -rf /");
        assertRefused("{\"version\": \"1.0\", \"steps\": [{\"action\": {\"name\": \"x\", \"type\": \"runCommand\", "
                + "\"input\": {\"command\": \"id\"}, \"runAsUser\": \"-u0\"}}]}",
                "steps[0].action.runAsUser is not a user name: -u0");
    }

    @Test
    void bounds_the_steps_of_one_document() {
        String steps = String.join(",", java.util.Collections.nCopies(JobDocumentReader.MAX_STEPS + 1, echo()));
        assertRefused("{\"version\": \"1.0\", \"steps\": [" + steps + "]}",
                "steps has 65 steps; this agent runs at most 64");
    }

    private static String echo() {
        return "{\"action\": {\"name\": \"Echo\", \"type\": \"runCommand\", \"input\": {\"command\": \"echo\"}}}";
    }

    private static String handlerStep(String input) {
        return "{\"version\": \"1.0\", \"steps\": [{\"action\": {\"name\": \"x\", \"type\": \"runHandler\", "
                + "\"input\": {" + input + "}}}]}";
    }

    private static void assertRefused(String document, String reason) {
        assertThatThrownBy(() -> JobDocumentReader.read(document)).isInstanceOf(InvalidJobDocument.class)
                .hasMessage(reason);
    }
}
