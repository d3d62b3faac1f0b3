-- The object store's metadata: buckets, object versions (delete markers included), multipart uploads and their parts.
-- The bytes live in the content store (files named by their SHA-256); content_id references them.
-- Keys are BYTEA, their UTF-8 bytes: both databases compare BYTEA bytewise, which is S3's order for keys, whatever the
-- database's collation, and a prefix is one index range [prefix, upper bound). (SQLite keeps a BYTEA column's blobs
-- as blobs.)

CREATE TABLE blob_bucket (
    name         VARCHAR(63)  NOT NULL PRIMARY KEY,
    region       VARCHAR(32)  NOT NULL,
    created_at   BIGINT       NOT NULL,
    -- UNVERSIONED, ENABLED or SUSPENDED
    versioning   VARCHAR(16)  NOT NULL
);

-- One row per version or delete marker. seq orders a key's versions (the highest is the latest, flagged is_latest
-- so that current objects are one partial index); version_id is 'null' for the version of an unversioned or
-- suspended bucket.
CREATE TABLE blob_version (
    bucket         VARCHAR(63)   NOT NULL,
    object_key     BYTEA         NOT NULL,
    version_id     VARCHAR(64)   NOT NULL,
    seq            BIGINT        NOT NULL,
    is_latest      SMALLINT      NOT NULL,
    last_modified  BIGINT        NOT NULL,
    -- the rest is absent (NULL) for a delete marker
    content_id     VARCHAR(64),
    size           BIGINT,
    etag           VARCHAR(64),
    sha256         VARCHAR(64),
    content_type   TEXT,
    metadata       TEXT,
    PRIMARY KEY (bucket, object_key, version_id)
);
-- versions of a key newest first, and every version in key order (ListObjectVersions)
CREATE UNIQUE INDEX blob_version_by_seq ON blob_version (bucket, object_key, seq DESC);
-- current objects in key order (ListObjects)
CREATE INDEX blob_version_current ON blob_version (bucket, object_key)
    WHERE is_latest = 1 AND content_id IS NOT NULL;
-- is a content still referenced (the sweep)
CREATE INDEX blob_version_by_content ON blob_version (content_id);

-- upload_id starts with the initiation time in hex, so ordering by it orders a key's uploads by initiation
CREATE TABLE blob_upload (
    upload_id     VARCHAR(64)   NOT NULL PRIMARY KEY,
    bucket        VARCHAR(63)   NOT NULL,
    object_key    BYTEA         NOT NULL,
    initiated_at  BIGINT        NOT NULL,
    content_type  TEXT          NOT NULL,
    metadata      TEXT          NOT NULL
);
CREATE UNIQUE INDEX blob_upload_by_key ON blob_upload (bucket, object_key, upload_id);

CREATE TABLE blob_part (
    upload_id      VARCHAR(64)   NOT NULL,
    part_number    INTEGER       NOT NULL,
    size           BIGINT        NOT NULL,
    etag           VARCHAR(64)   NOT NULL,
    content_id     VARCHAR(64)   NOT NULL,
    last_modified  BIGINT        NOT NULL,
    PRIMARY KEY (upload_id, part_number)
);
CREATE INDEX blob_part_by_content ON blob_part (content_id);
