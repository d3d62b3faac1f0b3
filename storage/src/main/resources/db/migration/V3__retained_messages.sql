-- The durable copy of the broker's retained messages (the broker itself keeps them in memory).
-- Payloads are base64 text: one column type for SQLite and PostgreSQL alike.

CREATE TABLE retained_message (
    topic       VARCHAR(256) NOT NULL PRIMARY KEY,
    payload     TEXT         NOT NULL,
    qos         INTEGER      NOT NULL,
    updated_at  BIGINT       NOT NULL
);
