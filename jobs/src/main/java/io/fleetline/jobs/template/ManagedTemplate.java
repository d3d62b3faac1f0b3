package io.fleetline.jobs.template;

import java.util.List;
import java.util.Map;

/**
 * One version of an AWS managed job template: a fixed document for a common remote action (reboot, download a file,
 * install or start applications) whose {@code ${aws:iot:parameter:<key>}} placeholders CreateJob fills from its
 * {@code documentParameters}.
 *
 * @param document     the document with its placeholders, as DescribeManagedJobTemplate shows it
 * @param environments where the document's actions run ({@code LINUX})
 */
public record ManagedTemplate(String name, String version, String description, List<String> environments,
                              List<DocumentParameter> parameters, String document) {
    public ManagedTemplate {
        environments = List.copyOf(environments);
        parameters = List.copyOf(parameters);
    }

    /**
     * The template's ARN in {@code region}: AWS's managed templates belong to no account, so the account field is
     * empty, and the version follows the name ({@code arn:aws:iot:us-east-1::jobtemplate/AWS-Reboot:1.0}).
     */
    public String arn(String region) {
        return "arn:aws:iot:" + region + "::jobtemplate/" + name + ":" + version;
    }

    /** {@code AWS-Reboot:1.0}, as messages name it. */
    public String label() {
        return name + ":" + version;
    }

    /**
     * The document a job created from this template gets: every placeholder replaced by the value given for its
     * parameter (JSON-escaped, as each stands inside a JSON string), or by nothing when an optional one is not given.
     *
     * @throws io.fleetline.core.error.FleetlineException {@code InvalidRequestException} for a key the template does
     *         not take, a value its parameter's pattern refuses or out of the model's bounds, or a required one missing
     */
    public String documentFor(Map<String, String> values) {
        return ParameterSubstitution.substitute(this, values);
    }
}
