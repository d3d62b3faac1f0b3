-- One schema for SQLite and PostgreSQL: portable types only. Times are epoch milliseconds.

CREATE TABLE thing (
    name        VARCHAR(128) NOT NULL PRIMARY KEY,
    id          VARCHAR(64)  NOT NULL,
    type_name   VARCHAR(128),
    attributes  TEXT         NOT NULL,
    version     BIGINT       NOT NULL
);
CREATE INDEX thing_by_type ON thing (type_name, name);

-- One row per attribute, so ListThings can filter by attribute through an index.
CREATE TABLE thing_attribute (
    thing_name  VARCHAR(128) NOT NULL,
    name        VARCHAR(128) NOT NULL,
    value       VARCHAR(800) NOT NULL,
    PRIMARY KEY (thing_name, name)
);
CREATE INDEX thing_attribute_by_value ON thing_attribute (name, value, thing_name);

CREATE TABLE thing_type (
    name                   VARCHAR(128) NOT NULL PRIMARY KEY,
    id                     VARCHAR(64)  NOT NULL,
    description            TEXT,
    searchable_attributes  TEXT         NOT NULL,
    created_at             BIGINT       NOT NULL,
    deprecated_at          BIGINT
);

CREATE TABLE thing_group (
    name         VARCHAR(128)  NOT NULL PRIMARY KEY,
    id           VARCHAR(64)   NOT NULL,
    parent_name  VARCHAR(128),
    path         VARCHAR(1024) NOT NULL,
    description  TEXT,
    attributes   TEXT          NOT NULL,
    version      BIGINT        NOT NULL,
    created_at   BIGINT        NOT NULL
);
CREATE INDEX thing_group_by_parent ON thing_group (parent_name, name);
CREATE INDEX thing_group_by_path ON thing_group (path);

CREATE TABLE thing_group_member (
    group_name  VARCHAR(128) NOT NULL,
    thing_name  VARCHAR(128) NOT NULL,
    PRIMARY KEY (group_name, thing_name)
);
CREATE INDEX thing_group_member_by_thing ON thing_group_member (thing_name, group_name);

CREATE TABLE resource_tag (
    arn        VARCHAR(2048) NOT NULL,
    tag_key    VARCHAR(128)  NOT NULL,
    tag_value  VARCHAR(256)  NOT NULL,
    PRIMARY KEY (arn, tag_key)
);

CREATE TABLE access_key (
    id          VARCHAR(128) NOT NULL PRIMARY KEY,
    secret      VARCHAR(128) NOT NULL,
    created_at  BIGINT       NOT NULL
);
