-- Fleet indexing: the account's one indexing configuration (a single row, id 1), as UpdateIndexingConfiguration
-- set it. The lists (named shadow names, custom fields as {"name","type"} objects) are JSON text, as small lists
-- are kept elsewhere. No row: indexing is off.
CREATE TABLE indexing_configuration (
    id                            INTEGER       NOT NULL PRIMARY KEY,
    thing_indexing_mode           VARCHAR(32)   NOT NULL,
    thing_connectivity_mode       VARCHAR(32)   NOT NULL,
    named_shadow_indexing         BOOLEAN       NOT NULL,
    named_shadow_names            TEXT          NOT NULL,
    custom_fields                 TEXT          NOT NULL,
    thing_group_indexing          BOOLEAN       NOT NULL,
    thing_group_custom_fields     TEXT          NOT NULL
);
