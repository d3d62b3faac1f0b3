-- The other accounts (and regions) a permissive server has served, recorded in the server's own database so that
-- a restart opens exactly those again: listing files or schemas would also find another server's in a shared one.

CREATE TABLE served_account (
    region      VARCHAR(32) NOT NULL,
    account_id  VARCHAR(12) NOT NULL,
    first_at    BIGINT      NOT NULL,
    PRIMARY KEY (region, account_id)
);
