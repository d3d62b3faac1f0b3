-- Dynamic thing groups: a thing group with a fleet-index query deciding its members (kept as thing_group_member
-- rows, written as the index follows the fleet). Static groups leave the three columns NULL.
ALTER TABLE thing_group ADD COLUMN index_name VARCHAR(64);
ALTER TABLE thing_group ADD COLUMN query_string TEXT;
ALTER TABLE thing_group ADD COLUMN query_version VARCHAR(32);
