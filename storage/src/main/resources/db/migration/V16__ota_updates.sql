-- OTA updates (CreateOTAUpdate): one row each, with what creation has done so far, so that a restart carries on.
-- request and progress are JSON text in storage's own form (io.fleetline.storage.ota.OtaUpdateColumns); version
-- counts the row's changes: the creation worker and DeleteOTAUpdate write only over the version they read.

CREATE TABLE ota_update (
    ota_update_id       VARCHAR(128)  NOT NULL PRIMARY KEY,
    arn                 VARCHAR(2048) NOT NULL,
    status              VARCHAR(32)   NOT NULL,
    request             TEXT          NOT NULL,
    progress            TEXT          NOT NULL,
    error_code          VARCHAR(128),
    error_message       TEXT,
    job_id              VARCHAR(64),
    job_arn             VARCHAR(2048),
    -- DeleteOTAUpdate's options while it runs (NULL: no delete asked)
    delete_stream       SMALLINT,
    force_delete_job    SMALLINT,
    created_at          BIGINT        NOT NULL,
    last_modified_at    BIGINT        NOT NULL,
    version             BIGINT        NOT NULL
);
CREATE INDEX ota_update_by_status ON ota_update (status, ota_update_id);
