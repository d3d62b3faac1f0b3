-- Which account owns each certificate on a permissive server, whose accounts keep their certificates in databases of
-- their own: kept in the server's own database (like served_account), so that a certificate belongs to one account at
-- a time. handed_over_by names the account of the same region that transferred it to the owner.

CREATE TABLE certificate_claim (
    certificate_id  VARCHAR(64) NOT NULL PRIMARY KEY,
    region          VARCHAR(32) NOT NULL,
    account_id      VARCHAR(12) NOT NULL,
    handed_over_by  VARCHAR(12)
);
