-- A job's waiting rows (targets not released yet) need no index by thing: every read by thing leaves them out, and
-- creating a job on a million things wrote a million entries into this index for nothing.
DROP INDEX job_execution_by_thing;
CREATE INDEX job_execution_by_thing ON job_execution (thing_name, status, queued_at) WHERE status <> 'WAITING';
