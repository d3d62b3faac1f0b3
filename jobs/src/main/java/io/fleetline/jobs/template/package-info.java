/**
 * Job templates: the account's own ({@link io.fleetline.jobs.template.JobTemplateService}: CreateJobTemplate and
 * friends, kept in the job store) and AWS's managed templates ({@link io.fleetline.jobs.template.ManagedTemplates}: a
 * fixed catalogue shipped with Fleetline, the same in every account and region, whose documents take
 * {@code documentParameters} at CreateJob).
 */
package io.fleetline.jobs.template;
