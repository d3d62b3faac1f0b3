-- Code signing: the certificates imported into ACM, AWS Signer's signing profiles and signing jobs.
-- A certificate's private key is stored sealed (AES-GCM under the server's key in its data directory, bound to the
-- certificate's ARN): the database alone holds no usable signing key. Times are epoch milliseconds.

CREATE TABLE acm_certificate (
    arn              VARCHAR(128)  NOT NULL PRIMARY KEY,
    certificate_pem  TEXT          NOT NULL,
    -- the chain imported with it, certificate after certificate; NULL when none was
    chain_pem        TEXT,
    sealed_key       BYTEA         NOT NULL,
    imported_at      BIGINT        NOT NULL,
    tags             TEXT          NOT NULL
);

CREATE TABLE signing_profile (
    name                VARCHAR(64)   NOT NULL PRIMARY KEY,
    version             VARCHAR(10)   NOT NULL,
    certificate_arn     VARCHAR(128)  NOT NULL,
    platform_id         VARCHAR(64)   NOT NULL,
    validity_value      INTEGER       NOT NULL,
    -- DAYS, MONTHS or YEARS
    validity_type       VARCHAR(8)    NOT NULL,
    signing_parameters  TEXT          NOT NULL,
    -- the overrides given, as a JSON object of encryptionAlgorithm, hashAlgorithm and imageFormat
    overrides           TEXT          NOT NULL,
    -- ACTIVE, CANCELED or REVOKED
    status              VARCHAR(16)   NOT NULL,
    created_at          BIGINT        NOT NULL,
    canceled_at         BIGINT,
    tags                TEXT          NOT NULL
);

-- A job is stored once, ended (Fleetline signs while StartSigningJob runs): the signature columns are set when it
-- succeeded, status_reason when it failed. certificate_pem is the certificate that signed, as it was then.
CREATE TABLE signing_job (
    job_id                VARCHAR(64)   NOT NULL PRIMARY KEY,
    client_token          VARCHAR(256)  NOT NULL,
    profile_name          VARCHAR(64)   NOT NULL,
    profile_version       VARCHAR(10)   NOT NULL,
    platform_id           VARCHAR(64)   NOT NULL,
    certificate_arn       VARCHAR(128)  NOT NULL,
    signing_parameters    TEXT          NOT NULL,
    source_bucket         TEXT          NOT NULL,
    source_key            TEXT          NOT NULL,
    source_version        TEXT          NOT NULL,
    destination_bucket    TEXT          NOT NULL,
    destination_prefix    TEXT          NOT NULL,
    -- SUCCEEDED or FAILED
    status                VARCHAR(16)   NOT NULL,
    status_reason         TEXT,
    created_at            BIGINT        NOT NULL,
    completed_at          BIGINT,
    signature_expires_at  BIGINT,
    signed_bucket         TEXT,
    signed_key            TEXT,
    signed_version        VARCHAR(64),
    signature             BYTEA,
    hash_algorithm        VARCHAR(16),
    encryption_algorithm  VARCHAR(16),
    certificate_pem       TEXT,
    requested_by          TEXT          NOT NULL,
    job_owner             VARCHAR(12)   NOT NULL,
    job_invoker           VARCHAR(12)   NOT NULL
);
-- StartSigningJob's idempotency: one job per client token
CREATE UNIQUE INDEX signing_job_by_token ON signing_job (client_token);
-- ListSigningJobs: newest first
CREATE INDEX signing_job_by_created ON signing_job (created_at, job_id);
