-- MQTT file streams: a row a stream, its files (id, bucket, key, version, and the size and ETag read when the stream
-- was created or updated) as JSON text, as small lists are kept elsewhere.
CREATE TABLE stream (
    stream_id        VARCHAR(128)   NOT NULL PRIMARY KEY,
    description      TEXT,
    files            TEXT           NOT NULL,
    role_arn         VARCHAR(2048)  NOT NULL,
    version          INTEGER        NOT NULL,
    created_at       BIGINT         NOT NULL,
    last_updated_at  BIGINT         NOT NULL
);

-- The versions of deleted streams, kept 90 days: a stream created again under the id goes on from there, so that a
-- device holding the old version is told it changed.
CREATE TABLE stream_deleted (
    stream_id   VARCHAR(128)  NOT NULL PRIMARY KEY,
    version     INTEGER       NOT NULL,
    deleted_at  BIGINT        NOT NULL
);
CREATE INDEX stream_deleted_by_time ON stream_deleted (deleted_at);
