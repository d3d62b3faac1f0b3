-- Fleetline's rollout plans (cohorts, approvals, pause, health checks, retry backoff) and delayed retries.

ALTER TABLE job_execution ADD COLUMN not_before BIGINT;
CREATE INDEX job_execution_by_not_before ON job_execution (not_before) WHERE not_before IS NOT NULL;

CREATE TABLE job_plan (
    job_id             VARCHAR(64)  NOT NULL PRIMARY KEY,
    plan               TEXT         NOT NULL,
    paused             SMALLINT     NOT NULL,
    paused_reason      TEXT,
    cohort_index       INTEGER      NOT NULL,
    awaiting_approval  SMALLINT     NOT NULL,
    cohort_ends        TEXT
);
