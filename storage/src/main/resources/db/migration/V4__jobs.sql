-- IoT Jobs: jobs, their executions (one row per job and thing: the latest attempt), earlier attempts, templates.
-- A job_execution row in status WAITING is a target not yet released by the rollout: no execution yet.

CREATE TABLE job (
    job_id                  VARCHAR(64)      NOT NULL PRIMARY KEY,
    status                  VARCHAR(32)      NOT NULL,
    target_selection        VARCHAR(16)      NOT NULL,
    targets                 TEXT             NOT NULL,
    document                TEXT             NOT NULL,
    description             TEXT,
    config                  TEXT             NOT NULL,
    force_canceled          SMALLINT         NOT NULL,
    reason_code             VARCHAR(128),
    comment                 TEXT,
    created_at              BIGINT           NOT NULL,
    last_updated_at         BIGINT           NOT NULL,
    completed_at            BIGINT,
    namespace_id            VARCHAR(64),
    job_template_arn        VARCHAR(1600),
    document_parameters     TEXT             NOT NULL,
    -- the rollout's token bucket; a rate of -1 means no limit
    rollout_rate            DOUBLE PRECISION NOT NULL,
    rollout_allowance       DOUBLE PRECISION NOT NULL,
    rollout_refilled_at     BIGINT           NOT NULL,
    rollout_notified_mark   BIGINT           NOT NULL,
    rollout_succeeded_mark  BIGINT           NOT NULL
);
CREATE INDEX job_by_status ON job (status, job_id);

CREATE TABLE job_execution (
    job_id                  VARCHAR(64)      NOT NULL,
    thing_name              VARCHAR(128)     NOT NULL,
    seq                     BIGINT           NOT NULL,
    status                  VARCHAR(16)      NOT NULL,
    execution_number        BIGINT           NOT NULL,
    status_details          TEXT             NOT NULL,
    queued_at               BIGINT,
    started_at              BIGINT,
    last_updated_at         BIGINT,
    version_number          BIGINT           NOT NULL,
    force_canceled          SMALLINT         NOT NULL,
    retry_attempt           INTEGER          NOT NULL,
    step_timeout_at         BIGINT,
    in_progress_timeout_at  BIGINT,
    -- the earlier of the two timers, so one index finds every execution that timed out
    timeout_at              BIGINT,
    PRIMARY KEY (job_id, thing_name)
);
CREATE INDEX job_execution_by_status ON job_execution (job_id, status, seq);
CREATE INDEX job_execution_by_thing ON job_execution (thing_name, status, queued_at);
CREATE INDEX job_execution_by_timeout ON job_execution (timeout_at) WHERE timeout_at IS NOT NULL;

CREATE TABLE job_execution_attempt (
    job_id                  VARCHAR(64)      NOT NULL,
    thing_name              VARCHAR(128)     NOT NULL,
    execution_number        BIGINT           NOT NULL,
    status                  VARCHAR(16)      NOT NULL,
    status_details          TEXT             NOT NULL,
    queued_at               BIGINT           NOT NULL,
    started_at              BIGINT,
    last_updated_at         BIGINT           NOT NULL,
    version_number          BIGINT           NOT NULL,
    force_canceled          SMALLINT         NOT NULL,
    retry_attempt           INTEGER          NOT NULL,
    PRIMARY KEY (job_id, thing_name, execution_number)
);

CREATE TABLE job_template (
    template_id     VARCHAR(64)   NOT NULL PRIMARY KEY,
    description     TEXT          NOT NULL,
    document        TEXT          NOT NULL,
    config          TEXT          NOT NULL,
    created_at      BIGINT        NOT NULL,
    source_job_arn  VARCHAR(1600)
);
