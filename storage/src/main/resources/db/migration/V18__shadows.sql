-- Device shadows: a row a shadow, the classic one under the empty shadow name. The document's state
-- (desired/reported) and its metadata are JSON text; a deleted shadow keeps its row without them, so that its version
-- goes on from there when it is created again.
CREATE TABLE shadow (
    thing_name   VARCHAR(128)  NOT NULL,
    shadow_name  VARCHAR(64)   NOT NULL,
    state        TEXT,
    metadata     TEXT,
    version      BIGINT        NOT NULL,
    updated_at   BIGINT        NOT NULL,
    PRIMARY KEY (thing_name, shadow_name)
);
