/**
 * Fleetline's additions to AWS IoT Jobs, opt-in per job through the companion {@code fleetline} API: cascading
 * rollout cohorts with success thresholds, approval gates, pause and resume; health-confirmed success; retries
 * with exponential backoff. A job without a plan behaves exactly as on AWS.
 */
package io.fleetline.jobs.plan;
