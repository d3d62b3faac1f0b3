package io.fleetline.jobs.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.jobs.JobStore;
import io.fleetline.jobs.document.S3Documents;
import io.fleetline.jobs.rollout.Cancellation;
import io.fleetline.jobs.rollout.ReleaseRate;
import io.fleetline.jobs.template.JobTemplate;
import io.fleetline.jobs.template.ManagedTemplate;
import io.fleetline.jobs.template.ManagedTemplates;
import io.fleetline.registry.tag.Tags;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The control plane of jobs: CreateJob, DescribeJob, UpdateJob, CancelJob, DeleteJob, ListJobs and the rest. */
public final class JobService {
    /** AWS's limit on a job document: 32 KB. */
    public static final int MAX_DOCUMENT_BYTES = 32_768;
    /** The guide's Jobs limits: "Up to 10 variables substitutions, including the presign URL". */
    static final int MAX_SUBSTITUTIONS = 10;
    private static final String SUBSTITUTION = "${aws:iot:";
    /**
     * AWS's limits on active (scheduled or in-progress) jobs: 100 snapshot jobs and, apart from them, 100 continuous
     * ones (the guide's "Jobs Limits").
     */
    public static final int MAX_ACTIVE_JOBS_PER_SELECTION = 100;
    /** Strict: trailing text after the JSON value is an error too. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JobStore store;
    private final JobTargets targets;
    private final Cancellation cancellation;
    private final S3Documents documents;
    private final ManagedTemplates managedTemplates;
    private final JobDocuments deviceDocuments;
    private final AccountScope scope;
    private final Clock clock;
    private final Runnable wakeEngine;

    /**
     * @param documents reads documents from the object store and checks their presigned-URL placeholders
     * @param managedTemplates AWS's managed templates, which a {@code jobTemplateArn} may name
     * @param deviceDocuments what devices are sent, told when an update may change it
     * @param wakeEngine asks the rollout engine to look at the jobs soon (a new job has things to release)
     */
    public JobService(JobStore store, JobTargets targets, Cancellation cancellation, S3Documents documents,
                      ManagedTemplates managedTemplates, JobDocuments deviceDocuments, AccountScope scope, Clock clock,
                      Runnable wakeEngine) {
        this.store = store;
        this.targets = targets;
        this.cancellation = cancellation;
        this.documents = documents;
        this.managedTemplates = managedTemplates;
        this.deviceDocuments = deviceDocuments;
        this.scope = scope;
        this.clock = clock;
        this.wakeEngine = wakeEngine;
    }

    public String arnOf(String jobId) {
        return scope.arn(ResourceType.JOB, jobId);
    }

    public Job create(NewJob request) {
        Tags.requireValid(request.tags());
        JobBasis basis = JobBasis.of(request, managedTemplates, this::template, scope.region());
        JobConfig config = request.config().over(basis.template().map(JobTemplate::config).orElse(JobConfig.none()));
        Instant now = clock.instant();
        requireFuture(config, now);
        List<String> jobTargets = targets.validate(request.targets());
        String document = document(request, basis, config);
        Optional<String> source = request.document().isPresent() ? Optional.empty()
                : request.documentSource().or(() -> basis.template().flatMap(JobTemplate::documentSource));
        List<JobTargets.Resolved> resolved = targets.resolve(jobTargets);
        boolean scheduled = config.scheduling().flatMap(JobConfig.Scheduling::startTime).map(now::isBefore).orElse(false);
        Job job = new Job(request.jobId(), scheduled ? JobStatus.SCHEDULED : JobStatus.IN_PROGRESS,
                request.targetSelection().orElse(TargetSelection.SNAPSHOT), jobTargets, document, source,
                request.description().or(() -> basis.managed().map(ManagedTemplate::description)), config, false,
                Optional.empty(), Optional.empty(), now, now, Optional.empty(), request.namespaceId(),
                basis.managed().map(m -> m.arn(scope.region())).or(request::jobTemplateArn),
                request.documentParameters(), ReleaseRate.initial(config));
        insert(job, resolved, request.tags());
        wakeEngine.run();
        return job;
    }

    private void insert(Job job, List<JobTargets.Resolved> resolved, java.util.Map<String, String> tags) {
        store.transact(tx -> {
            if (tx.findJob(job.jobId()).isPresent()) {
                throw FleetlineException.alreadyExists("Job " + job.jobId() + " already exists", job.jobId(),
                        arnOf(job.jobId()));
            }
            if (tx.countActiveJobs(job.targetSelection()) >= MAX_ACTIVE_JOBS_PER_SELECTION) {
                throw new FleetlineException(ErrorCode.LIMIT_EXCEEDED, "There are already "
                        + MAX_ACTIVE_JOBS_PER_SELECTION + " active " + job.targetSelection().name().toLowerCase(
                        java.util.Locale.ROOT) + " jobs; cancel or complete one before creating another");
            }
            tx.insertJob(job);
            JobTargets.addWaiting(tx, job.jobId(), resolved);
            // a job deleted while it was being tagged may have left tags under this id
            tx.deleteTags(arnOf(job.jobId()));
            tx.putTags(arnOf(job.jobId()), tags);
            return null;
        });
    }

    public Job describe(String jobId) {
        return store.read(tx -> tx.findJob(jobId)).orElseThrow(() -> notFound(jobId));
    }

    public JobProcessDetails processDetails(String jobId) {
        return new JobProcessDetails(store.read(tx -> tx.countExecutions(jobId)));
    }

    /** The document as it was given (or read from its source); placeholders are replaced only in what devices get. */
    public String document(String jobId) {
        return describe(jobId).document();
    }

    /**
     * UpdateJob: a new description or configurations; what the request leaves out stays as it was. A rollout
     * configuration given restarts the rollout rate from its base.
     */
    public void update(String jobId, Optional<String> description, JobConfigPatch patch) {
        store.transact(tx -> {
            Job job = tx.findJob(jobId).orElseThrow(() -> notFound(jobId));
            if (job.status() == JobStatus.DELETION_IN_PROGRESS) {
                throw FleetlineException.invalid("Job " + jobId + " is being deleted");
            }
            JobConfig config = patch.over(job.config());
            Job updated = job.updated(description.or(job::description), config, clock.instant());
            if (patch.rollout().isPresent()) {
                updated = updated.withRollout(ReleaseRate.reconfigured(job.rollout(), config));
            }
            tx.updateJob(updated);
            return null;
        });
        deviceDocuments.forget(jobId);  // presignedUrlConfig.expiresInSec may have changed
        wakeEngine.run();
    }

    /** CancelJob: stops the rollout and cancels QUEUED executions, and with {@code force} IN_PROGRESS ones. */
    public Job cancel(String jobId, boolean force, Optional<String> reasonCode, Optional<String> comment) {
        Job job = describe(jobId);
        if (job.status() == JobStatus.COMPLETED) {
            throw FleetlineException.invalid("Job " + jobId + " is COMPLETED and can no longer be canceled");
        }
        return cancellation.cancelJob(job, force, reasonCode, comment);
    }

    /** DeleteJob: a COMPLETED or CANCELED job, or with {@code force} one still in progress. */
    public void delete(String jobId, boolean force) {
        Job job = describe(jobId);
        if (job.status().active() && !force) {
            throw new FleetlineException(ErrorCode.INVALID_STATE_TRANSITION, "Job " + jobId + " is "
                    + job.status() + "; only COMPLETED or CANCELED jobs can be deleted without force");
        }
        cancellation.deleteJob(job);
    }

    public Page<Job> list(JobFilter filter, PageRequest page) {
        return store.read(tx -> Page.of(tx.listJobs(filter, page), page, Job::jobId));
    }

    /** AssociateTargetsWithJob: more targets for a continuous job that is in progress. */
    public Job associateTargets(String jobId, List<String> newTargets, Optional<String> comment) {
        List<String> checked = targets.validate(newTargets);
        List<JobTargets.Resolved> resolved = targets.resolve(checked);
        Job updated = store.transact(tx -> {
            Job job = tx.findJob(jobId).orElseThrow(() -> notFound(jobId));
            if (job.targetSelection() != TargetSelection.CONTINUOUS || job.status() != JobStatus.IN_PROGRESS) {
                throw FleetlineException.invalid("Targets can only be added to a CONTINUOUS job that is IN_PROGRESS; job "
                        + jobId + " is a " + job.targetSelection() + " job in status " + job.status());
            }
            List<String> all = new ArrayList<>(job.targets());
            checked.stream().filter(t -> !all.contains(t)).forEach(all::add);
            if (all.size() > JobTargets.MAX_TARGETS) {
                throw FleetlineException.limitExceeded("A job can have at most " + JobTargets.MAX_TARGETS + " targets");
            }
            JobTargets.addWaiting(tx, jobId, resolved);
            Job next = job.withTargets(all, comment.or(job::comment), clock.instant());
            tx.updateJob(next);
            return next;
        });
        wakeEngine.run();
        return updated;
    }

    private JobTemplate template(String arn) {
        String id = scope.nameIn(arn, ResourceType.JOB_TEMPLATE).orElseThrow(() -> FleetlineException.invalid(
                "jobTemplateArn is not a job template ARN of this account and region: " + arn));
        return store.read(tx -> tx.findTemplate(id))
                .orElseThrow(() -> FleetlineException.notFound("Job template " + id + " does not exist"));
    }

    /**
     * The job's document: given, read now from the object store (a job keeps the document it was created with), or
     * the template's. Its presigned-URL placeholders name objects of the store, and need a presignedUrlConfig.
     */
    private String document(NewJob request, JobBasis basis, JobConfig config) {
        if (request.document().isPresent() && request.documentSource().isPresent()) {
            throw FleetlineException.invalid("Specify either document or documentSource, not both");
        }
        Optional<String> read = request.documentSource().map(url -> documents.read(url, MAX_DOCUMENT_BYTES));
        String text = validDocument(request.document().or(() -> read).or(basis::managedDocument)
                .or(() -> basis.template().map(JobTemplate::document))
                .orElseThrow(() -> FleetlineException.invalid("A job needs a document: specify document or"
                        + " documentSource")));
        if (documents.checkPlaceholders(text) && config.presignedUrl().isEmpty()) {
            throw FleetlineException.invalid("The job document has presigned URL placeholders"
                    + " (${aws:iot:s3-presigned-url:...}) but the job has no presignedUrlConfig; add"
                    + " --presigned-url-config (roleArn, expiresInSec)");
        }
        return text;
    }

    private static int substitutions(String text) {
        int count = 0;
        for (int at = text.indexOf(SUBSTITUTION); at >= 0; at = text.indexOf(SUBSTITUTION, at + SUBSTITUTION.length())) {
            count++;
        }
        return count;
    }

    /** A job document is UTF-8 JSON of at most 32 KB with at most 10 variable substitutions. */
    public static String validDocument(String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_DOCUMENT_BYTES) {
            throw FleetlineException.invalid("The job document is larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        if (substitutions(text) > MAX_SUBSTITUTIONS) {
            throw FleetlineException.invalid("A job document can have at most " + MAX_SUBSTITUTIONS
                    + " variable substitutions (${aws:iot:...}), presigned URLs included");
        }
        try {
            JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw FleetlineException.invalid("The job document is not valid JSON: " + e.getOriginalMessage());
        }
        return text;
    }

    private static void requireFuture(JobConfig config, Instant now) {
        config.scheduling().flatMap(JobConfig.Scheduling::endTime).ifPresent(end -> {
            if (!end.isAfter(now)) {
                throw FleetlineException.invalid("schedulingConfig.endTime must be in the future");
            }
        });
    }

    private static FleetlineException notFound(String jobId) {
        return FleetlineException.notFound("Job " + jobId + " does not exist");
    }
}
