package io.fleetline.security.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Parsing and validation of policy documents (developer guide L4440-L4470, L4747-L4785; service model). */
class PolicyDocumentTest {

    private static final String VALID_STATEMENT =
            "{\"Effect\": \"Allow\", \"Action\": \"iot:Connect\", \"Resource\": \"*\"}";

    private static String withStatements(String statements) {
        return "{\"Version\": \"2012-10-17\", \"Statement\": " + statements + "}";
    }

    private static String withStatement(String body) {
        return withStatements("[{" + body + "}]");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String json) {
        return assertThatThrownBy(() -> PolicyDocument.parse(json))
                .isInstanceOf(FleetlineException.class)
                .satisfies(e -> assertThat(((FleetlineException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test // L4451-L4470
    void parses_the_guides_first_example() {
        PolicyDocument document = PolicyDocument.parse("""
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Action": ["iot:Publish"],
                         "Resource": ["arn:aws:iot:us-east-1:123456789012:topic/foo/bar"]},
                        {"Effect": "Allow", "Action": ["iot:Connect"], "Resource": ["*"]}
                    ]
                }""");

        assertThat(document.version()).isEqualTo("2012-10-17");
        assertThat(document.statementCount()).isEqualTo(2);
    }

    @Test // IAM: a lone statement object, string Action and Resource (spec 4.1, L10912), Sid and Id
    void accepts_a_single_statement_object_with_string_action_and_resource() {
        PolicyDocument document = PolicyDocument.parse("""
                {"Version": "2012-10-17", "Id": "doc", "Statement":
                    {"Sid": "one", "Effect": "Deny", "Action": "iot:Publish", "Resource": "*"}}""");

        assertThat(document.statementCount()).isEqualTo(1);
    }

    @Test // spec 4.1: AWS also accepts the 2008-10-17 language
    void accepts_version_2008_10_17() {
        assertThat(PolicyDocument.parse(
                "{\"Version\": \"2008-10-17\", \"Statement\": [" + VALID_STATEMENT + "]}").version())
                .isEqualTo("2008-10-17");
    }

    @Test
    void rejects_text_that_is_not_json() {
        assertRejected("Version: 2012-10-17").hasMessageContaining("not valid JSON");
    }

    @Test // L5209-L5230 as printed: one closing brace too many
    void rejects_trailing_content_after_the_document() {
        assertRejected(withStatements("[" + VALID_STATEMENT + "]") + " }").hasMessageContaining("not valid JSON");
    }

    @Test // L5174-L5186 as printed: the ARN is broken over two lines, a raw line break inside a JSON string
    void rejects_a_line_break_inside_a_string() {
        assertRejected(withStatement("\"Effect\": \"Allow\", \"Action\": \"iot:Publish\","
                + " \"Resource\": \"arn:aws:iot:us-east-1:123456789012:topic/iotmonitor/\nprovisioning/1\""))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void rejects_empty_input_and_non_object_documents() {
        assertRejected("").hasMessageContaining("empty");
        assertRejected(null).hasMessageContaining("empty");
        assertRejected("[" + VALID_STATEMENT + "]").hasMessageContaining("JSON object");
    }

    @Test // IAM rejects a document whose element appears twice
    void rejects_duplicate_elements() {
        assertRejected("{\"Version\": \"2012-10-17\", \"Version\": \"2012-10-17\", \"Statement\": ["
                + VALID_STATEMENT + "]}").hasMessageContaining("Duplicate");
    }

    @Test // L4751-L4753: "Must be set to 2012-10-17"
    void rejects_a_missing_version() {
        assertRejected("{\"Statement\": [" + VALID_STATEMENT + "]}").hasMessageContaining("needs a Version");
    }

    @Test // L4751-L4753
    void rejects_an_unknown_version() {
        assertRejected("{\"Version\": \"2012-10-18\", \"Statement\": [" + VALID_STATEMENT + "]}")
                .hasMessageContaining("Unsupported policy Version 2012-10-18");
        assertRejected("{\"Version\": 2012, \"Statement\": [" + VALID_STATEMENT + "]}")
                .hasMessageContaining("Unsupported policy Version 2012");
    }

    @Test // L4451: a document holds one or more statements
    void rejects_a_missing_or_empty_statement() {
        assertRejected("{\"Version\": \"2012-10-17\"}").hasMessageContaining("needs a Statement");
        assertRejected(withStatements("[]")).hasMessageContaining("Statement list is empty");
        assertRejected(withStatements("[\"Allow\"]")).hasMessageContaining("Statement[0] must be a JSON object");
    }

    @Test // L4755-L4757: "Must be set to Allow or Deny"
    void rejects_an_effect_other_than_allow_or_deny() {
        assertRejected(withStatement("\"Effect\": \"Permit\", \"Action\": \"iot:Connect\", \"Resource\": \"*\""))
                .hasMessageContaining("Statement[0].Effect must be \"Allow\" or \"Deny\", not \"Permit\"");
        assertRejected(withStatement("\"Effect\": \"allow\", \"Action\": \"iot:Connect\", \"Resource\": \"*\""))
                .hasMessageContaining("Effect");
        assertRejected(withStatement("\"Action\": \"iot:Connect\", \"Resource\": \"*\""))
                .hasMessageContaining("Effect");
    }

    @Test // L4451: each statement has an Action
    void rejects_a_missing_action() {
        assertRejected(withStatement("\"Effect\": \"Allow\", \"Resource\": \"*\""))
                .hasMessageContaining("Statement[0] needs exactly one of Action and NotAction");
    }

    @Test // L4451: each statement has a Resource
    void rejects_a_missing_resource() {
        assertRejected(withStatement("\"Effect\": \"Allow\", \"Action\": \"iot:Connect\""))
                .hasMessageContaining("Statement[0] needs exactly one of Resource and NotResource");
    }

    @Test // IAM: Action and NotAction (Resource and NotResource) exclude each other
    void rejects_both_an_element_and_its_negation() {
        assertRejected(withStatement("\"Effect\": \"Allow\", \"Action\": \"iot:Connect\","
                + " \"NotAction\": \"iot:Publish\", \"Resource\": \"*\"")).hasMessageContaining("exactly one");
        assertRejected(withStatement("\"Effect\": \"Allow\", \"Action\": \"iot:Connect\","
                + " \"Resource\": \"*\", \"NotResource\": \"*\"")).hasMessageContaining("exactly one");
    }

    @Test
    void rejects_empty_or_non_string_actions_and_resources() {
        assertRejected(withStatement("\"Effect\": \"Allow\", \"Action\": [], \"Resource\": \"*\""))
                .hasMessageContaining("Statement[0].Action must not be an empty list");
        assertRejected(withStatement("\"Effect\": \"Allow\", \"Action\": [7], \"Resource\": \"*\""))
                .hasMessageContaining("Statement[0].Action must be a non-empty string");
        assertRejected(withStatement("\"Effect\": \"Allow\", \"Action\": \"iot:Connect\", \"Resource\": \"\""))
                .hasMessageContaining("Statement[0].Resource must be a non-empty string");
    }

    @Test // L5396 as printed: "iot:>" is no action name
    void rejects_a_malformed_action_name() {
        assertRejected(withStatement("\"Effect\": \"Allow\", \"Action\": [\"iot:>\"], \"Resource\": \"*\""))
                .hasMessageContaining("\"iot:>\"");
        assertRejected(withStatement("\"Effect\": \"Allow\", \"Action\": \"Publish\", \"Resource\": \"*\""))
                .hasMessageContaining("service:name");
    }

    @Test // L4769-L4785: a resource is an ARN or "*"
    void rejects_a_resource_that_is_not_an_arn() {
        assertRejected(withStatement("\"Effect\": \"Allow\", \"Action\": \"iot:Publish\", \"Resource\": \"foo/bar\""))
                .hasMessageContaining("a resource is \"*\" or an ARN");
    }

    @Test // L4987 as printed: "TopicFilter" is no statement element
    void rejects_an_unknown_statement_element() {
        assertRejected(withStatement("\"Effect\": \"Allow\", \"Action\": [\"iot:Connect\"],"
                + " \"TopicFilter\": [\"foo/bar/*\"]")).hasMessageContaining("unknown element \"TopicFilter\"");
        assertRejected(withStatement("\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"iot:Connect\","
                + " \"Resource\": \"*\"")).hasMessageContaining("unknown element \"Principal\"");
    }

    @Test
    void rejects_an_unknown_document_element() {
        assertRejected("{\"Version\": \"2012-10-17\", \"Statements\": [" + VALID_STATEMENT + "]}")
                .hasMessageContaining("unknown element \"Statements\"");
    }

    @Test // L4534: a variable is ${name}
    void rejects_an_unterminated_or_empty_variable() {
        assertRejected(withStatement("\"Effect\": \"Allow\", \"Action\": \"iot:Publish\","
                + " \"Resource\": \"arn:aws:iot:us-east-1:1:topic/${iot:ClientId\"")).hasMessageContaining("'}'");
        assertRejected(withStatement("\"Effect\": \"Allow\", \"Action\": \"iot:Publish\","
                + " \"Resource\": \"arn:aws:iot:us-east-1:1:topic/${}\"")).hasMessageContaining("needs a name");
    }

    @Test // brief: unknown condition operators make the document invalid
    void rejects_an_unknown_condition_operator() {
        assertRejected(withStatement(VALID_STATEMENT.substring(1, VALID_STATEMENT.length() - 1)
                + ", \"Condition\": {\"StringMatches\": {\"iot:ClientId\": \"a\"}}"))
                .hasMessageContaining("unknown operator \"StringMatches\"");
        assertRejected(withStatement(VALID_STATEMENT.substring(1, VALID_STATEMENT.length() - 1)
                + ", \"Condition\": {\"ForSomeValues:StringEquals\": {\"iot:ClientId\": \"a\"}}"))
                .hasMessageContaining("unknown operator");
        assertRejected(withStatement(VALID_STATEMENT.substring(1, VALID_STATEMENT.length() - 1)
                + ", \"Condition\": {\"IpAddress\": {\"aws:SourceIp\": \"10.0.0.0/8\"}}"))
                .hasMessageContaining("unknown operator \"IpAddress\"");
    }

    @Test
    void rejects_malformed_condition_blocks() {
        String statement = VALID_STATEMENT.substring(1, VALID_STATEMENT.length() - 1);

        assertRejected(withStatement(statement + ", \"Condition\": []")).hasMessageContaining("non-empty JSON object");
        assertRejected(withStatement(statement + ", \"Condition\": {\"StringEquals\": \"a\"}"))
                .hasMessageContaining("non-empty object of condition keys");
        assertRejected(withStatement(statement + ", \"Condition\": {\"StringEquals\": {\"iot:ClientId\": []}}"))
                .hasMessageContaining("must not be an empty list");
        assertRejected(withStatement(statement + ", \"Condition\": {\"StringEquals\": {\"iot:ClientId\": {}}}"))
                .hasMessageContaining("must be a string, boolean or number");
    }

    @Test // L5579-L5583: Bool compares with true or false
    void rejects_a_bool_condition_value_that_is_not_a_boolean() {
        assertRejected(withStatement(VALID_STATEMENT.substring(1, VALID_STATEMENT.length() - 1)
                + ", \"Condition\": {\"Bool\": {\"iot:Connection.Thing.IsAttached\": \"yes\"}}"))
                .hasMessageContaining("must be true or false");
    }

    @Test // service model: PolicyDocument is at most 404600 characters
    void accepts_a_document_of_exactly_the_maximum_length() {
        String json = withStatements("[" + VALID_STATEMENT + "]");
        String padded = json + " ".repeat(PolicyDocument.MAX_LENGTH - json.length());

        assertThat(PolicyDocument.parse(padded).statementCount()).isEqualTo(1);
    }

    @Test // service model: PolicyDocument is at most 404600 characters
    void rejects_a_document_longer_than_the_maximum() {
        String json = withStatements("[" + VALID_STATEMENT + "]");

        assertRejected(json + " ".repeat(PolicyDocument.MAX_LENGTH + 1 - json.length()))
                .hasMessageContaining("404601 characters; at most 404600");
    }

    @Test // L32950: policy names are 1-128 characters of [\w+=,.@-]
    void named_policy_rejects_an_invalid_name() {
        PolicyDocument document = PolicyDocument.parse(withStatements("[" + VALID_STATEMENT + "]"));

        assertThatThrownBy(() -> new NamedPolicy("bad name", document)).isInstanceOf(FleetlineException.class)
                .hasMessageContaining("\"bad name\"");
        assertThatThrownBy(() -> new NamedPolicy("x".repeat(129), document)).isInstanceOf(FleetlineException.class);
        assertThat(new NamedPolicy("My_Policy+=,.@-1", document).name()).isEqualTo("My_Policy+=,.@-1");
    }
}
