-- Billing groups (CreateBillingGroup): flat, no hierarchy. A thing is in at most one, which the membership table's
-- key on the thing says; adding a thing to another billing group replaces its row.

CREATE TABLE billing_group (
    name         VARCHAR(128) NOT NULL PRIMARY KEY,
    id           VARCHAR(64)  NOT NULL,
    description  TEXT,
    version      BIGINT       NOT NULL,
    created_at   BIGINT       NOT NULL
);

CREATE TABLE billing_group_member (
    thing_name  VARCHAR(128) NOT NULL PRIMARY KEY,
    group_name  VARCHAR(128) NOT NULL
);
CREATE INDEX billing_group_member_by_group ON billing_group_member (group_name, thing_name);
