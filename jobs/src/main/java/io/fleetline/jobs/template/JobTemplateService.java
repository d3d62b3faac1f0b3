package io.fleetline.jobs.template;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.jobs.JobStore;
import io.fleetline.jobs.document.S3Documents;
import io.fleetline.jobs.job.Job;
import io.fleetline.jobs.job.JobConfig;
import io.fleetline.jobs.job.JobConfigPatch;
import io.fleetline.jobs.job.JobService;
import io.fleetline.registry.tag.Tags;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** CreateJobTemplate, DescribeJobTemplate, ListJobTemplates and DeleteJobTemplate. */
public final class JobTemplateService {
    private final JobStore store;
    private final S3Documents documents;
    private final AccountScope scope;
    private final Clock clock;

    /** @param documents reads documents from the object store and checks their presigned-URL placeholders */
    public JobTemplateService(JobStore store, S3Documents documents, AccountScope scope, Clock clock) {
        this.store = store;
        this.documents = documents;
        this.scope = scope;
        this.clock = clock;
    }

    public String arnOf(String templateId) {
        return scope.arn(ResourceType.JOB_TEMPLATE, templateId);
    }

    /**
     * Creates a template from a document, one read now from {@code documentSource}, or an existing job ({@code jobArn}):
     * its document and configurations, under the request's own {@code config}.
     */
    public JobTemplate create(String templateId, String description, Optional<String> document,
                              Optional<String> documentSource, Optional<String> jobArn, JobConfigPatch config,
                              Map<String, String> tags) {
        Tags.requireValid(tags);
        Optional<Job> source = jobArn.map(arn -> {
            String jobId = scope.nameIn(arn, ResourceType.JOB).orElseThrow(() -> FleetlineException.invalid(
                    "jobArn is not a job ARN of this account and region: " + arn));
            return store.read(tx -> tx.findJob(jobId))
                    .orElseThrow(() -> FleetlineException.notFound("Job " + jobId + " does not exist"));
        });
        if (document.isPresent() && documentSource.isPresent()) {
            throw FleetlineException.invalid("Specify either document or documentSource, not both");
        }
        Optional<String> read = documentSource.map(url -> documents.read(url, JobService.MAX_DOCUMENT_BYTES));
        String text = document.or(() -> read).or(() -> source.map(Job::document)).map(JobService::validDocument)
                .orElseThrow(() -> FleetlineException.invalid("A job template needs a document, a documentSource or a"
                        + " jobArn"));
        JobConfig merged = config.over(source.map(Job::config).orElse(JobConfig.none()));
        // without a presignedUrlConfig here, the jobs made from the template bring the one its placeholders need
        documents.checkPlaceholders(text);
        Optional<String> from = document.isPresent() ? Optional.empty()
                : documentSource.or(() -> source.flatMap(Job::documentSource));
        JobTemplate template = new JobTemplate(templateId, description, text, from, merged, clock.instant(), jobArn);
        store.transact(tx -> {
            if (tx.findTemplate(templateId).isPresent()) {
                throw new FleetlineException(ErrorCode.CONFLICT, "Job template " + templateId + " already exists");
            }
            tx.insertTemplate(template);
            // a template deleted while it was being tagged may have left tags under this id
            tx.deleteTags(arnOf(templateId));
            tx.putTags(arnOf(templateId), tags);
            return null;
        });
        return template;
    }

    public JobTemplate describe(String templateId) {
        return store.read(tx -> tx.findTemplate(templateId))
                .orElseThrow(() -> FleetlineException.notFound("Job template " + templateId + " does not exist"));
    }

    public Page<JobTemplate> list(PageRequest page) {
        return store.read(tx -> Page.of(tx.listTemplates(page), page, JobTemplate::templateId));
    }

    public void delete(String templateId) {
        store.transact(tx -> {
            tx.findTemplate(templateId)
                    .orElseThrow(() -> FleetlineException.notFound("Job template " + templateId + " does not exist"));
            tx.deleteTemplate(templateId);
            tx.deleteTags(arnOf(templateId));
            return null;
        });
    }
}
