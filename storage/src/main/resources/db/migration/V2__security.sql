-- Device identity: certificates, CA certificates, policies and what they are attached to.

CREATE TABLE certificate (
    id                 VARCHAR(64)  NOT NULL PRIMARY KEY,
    pem                TEXT         NOT NULL,
    status             VARCHAR(32)  NOT NULL,
    ca_certificate_id  VARCHAR(64),
    mode               VARCHAR(16)  NOT NULL,
    created_at         BIGINT       NOT NULL,
    modified_at        BIGINT       NOT NULL,
    customer_version   INTEGER      NOT NULL,
    generation_id      VARCHAR(64)  NOT NULL,
    not_before         BIGINT       NOT NULL,
    not_after          BIGINT       NOT NULL
);
CREATE INDEX certificate_by_created ON certificate (created_at, id);
CREATE INDEX certificate_by_ca ON certificate (ca_certificate_id, created_at, id);

CREATE TABLE ca_certificate (
    id                 VARCHAR(64)  NOT NULL PRIMARY KEY,
    pem                TEXT         NOT NULL,
    status             VARCHAR(32)  NOT NULL,
    auto_registration  VARCHAR(16)  NOT NULL,
    mode               VARCHAR(16)  NOT NULL,
    created_at         BIGINT       NOT NULL,
    modified_at        BIGINT       NOT NULL,
    customer_version   INTEGER      NOT NULL,
    generation_id      VARCHAR(64)  NOT NULL,
    not_before         BIGINT       NOT NULL,
    not_after          BIGINT       NOT NULL
);
CREATE INDEX ca_certificate_by_created ON ca_certificate (created_at, id);

CREATE TABLE account_setting (
    name   VARCHAR(128) NOT NULL PRIMARY KEY,
    value  TEXT         NOT NULL
);

CREATE TABLE policy (
    name             VARCHAR(128) NOT NULL PRIMARY KEY,
    default_version  INTEGER      NOT NULL,
    next_version     INTEGER      NOT NULL,
    created_at       BIGINT       NOT NULL,
    modified_at      BIGINT       NOT NULL,
    generation_id    VARCHAR(64)  NOT NULL
);

CREATE TABLE policy_version (
    policy_name  VARCHAR(128) NOT NULL,
    version_id   INTEGER      NOT NULL,
    document     TEXT         NOT NULL,
    created_at   BIGINT       NOT NULL,
    PRIMARY KEY (policy_name, version_id)
);

CREATE TABLE policy_target (
    policy_name  VARCHAR(128)  NOT NULL,
    target       VARCHAR(2048) NOT NULL,
    PRIMARY KEY (policy_name, target)
);
CREATE INDEX policy_target_by_target ON policy_target (target, policy_name);

CREATE TABLE thing_principal (
    thing_name  VARCHAR(128)  NOT NULL,
    principal   VARCHAR(2048) NOT NULL,
    PRIMARY KEY (thing_name, principal)
);
CREATE INDEX thing_principal_by_principal ON thing_principal (principal, thing_name);
