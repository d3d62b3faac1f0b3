package io.fleetline.jobs.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the managed templates' files ({@code managed/<name>-<version>.json} beside this class): the members
 * DescribeManagedJobTemplate answers, with the document as a JSON object, which is served as compact text (AWS's
 * form). A file is checked whole: its placeholders and its parameters name the same keys.
 */
final class ManagedTemplateFiles {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> MEMBERS = Set.of("templateName", "templateVersion", "description",
            "environments", "documentParameters", "document");
    private static final Set<String> PARAMETER_MEMBERS = Set.of("key", "description", "regex", "example", "optional");
    /** The model's ManagedTemplateVersion, read as numbers joined by a dot. */
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]*\\.[0-9]+");

    private ManagedTemplateFiles() {
    }

    static List<ManagedTemplate> read(List<String> names) {
        List<ManagedTemplate> templates = new ArrayList<>();
        for (String name : names) {
            String resource = "managed/" + name + ".json";
            try (InputStream in = ManagedTemplateFiles.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("managed job template not on the classpath: " + resource);
                }
                templates.add(template(JSON.readTree(in), resource));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return templates;
    }

    static ManagedTemplate template(JsonNode node, String source) throws JsonProcessingException {
        requireMembers(node, MEMBERS, source);
        List<String> environments = new ArrayList<>();
        node.get("environments").forEach(e -> environments.add(e.textValue()));
        List<DocumentParameter> parameters = new ArrayList<>();
        for (JsonNode p : node.get("documentParameters")) {
            requireMembers(p, PARAMETER_MEMBERS, source);
            parameters.add(new DocumentParameter(p.get("key").textValue(), p.get("description").textValue(),
                    Pattern.compile(p.get("regex").textValue()), p.get("example").textValue(),
                    p.get("optional").booleanValue()));
        }
        String version = node.get("templateVersion").textValue();
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalStateException(source + ": version " + version + " is not <number>.<number>");
        }
        ManagedTemplate template = new ManagedTemplate(node.get("templateName").textValue(), version,
                node.get("description").textValue(), environments, parameters,
                JSON.writeValueAsString(node.get("document")));
        Set<String> declared = new LinkedHashSet<>();
        parameters.forEach(p -> declared.add(p.key()));
        if (!declared.equals(ParameterSubstitution.keysIn(template.document()))) {
            throw new IllegalStateException(source + ": the document's placeholders "
                    + ParameterSubstitution.keysIn(template.document()) + " are not its parameters " + declared);
        }
        return template;
    }

    private static void requireMembers(JsonNode node, Set<String> members, String source) {
        Set<String> found = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(found::add);
        if (!found.equals(members)) {
            throw new IllegalStateException(source + ": members " + found + ", expected " + members);
        }
    }
}
