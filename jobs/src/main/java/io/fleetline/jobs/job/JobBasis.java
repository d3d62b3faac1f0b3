package io.fleetline.jobs.job;

import io.fleetline.core.error.FleetlineException;
import io.fleetline.jobs.template.JobTemplate;
import io.fleetline.jobs.template.ManagedTemplate;
import io.fleetline.jobs.template.ManagedTemplates;
import java.util.Optional;
import java.util.function.Function;

/**
 * What CreateJob makes a job from besides the request: one of the account's templates, or one of AWS's managed
 * templates with its document filled from {@code documentParameters}, which nothing else takes.
 *
 * @param managedDocument the managed template's document, its placeholders filled
 */
record JobBasis(Optional<JobTemplate> template, Optional<ManagedTemplate> managed, Optional<String> managedDocument) {

    /**
     * @param accountTemplate the account's template an ARN of its own names ({@code ResourceNotFoundException} when
     *                        there is none)
     * @param region          the server's region, the only one whose managed templates it serves
     */
    static JobBasis of(NewJob request, ManagedTemplates managedTemplates, Function<String, JobTemplate> accountTemplate,
                       String region) {
        Optional<ManagedTemplate> managed = request.jobTemplateArn().flatMap(arn -> managedTemplates.byArn(arn, region));
        if (managed.isEmpty()) {
            if (!request.documentParameters().isEmpty()) {
                throw FleetlineException.invalid("documentParameters can only be used when creating jobs from AWS"
                        + " managed templates (a jobTemplateArn such as arn:aws:iot:" + region
                        + "::jobtemplate/AWS-Reboot:1.0)");
            }
            return new JobBasis(request.jobTemplateArn().map(accountTemplate), Optional.empty(), Optional.empty());
        }
        if (request.document().isPresent() || request.documentSource().isPresent()) {
            throw FleetlineException.invalid("A job created from the managed job template " + managed.get().label()
                    + " takes its document from the template: specify documentParameters, not document or"
                    + " documentSource");
        }
        return new JobBasis(Optional.empty(), managed, managed.map(m -> m.documentFor(request.documentParameters())));
    }
}
