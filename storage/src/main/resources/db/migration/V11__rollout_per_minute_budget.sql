-- A job's rate becomes a per-minute budget: at most N releases in any minute, counted against the job's releases of
-- the last minute, kept here as JSON [[epochMillis, count], ...] oldest first. The token bucket's allowance and
-- refill time go.
-- A job rolling out at the upgrade has no record of its last minute: it counts as if more than its budget went out
-- at its last refill (the rate's whole part plus one, however the database's cast rounds), so the minute after the
-- upgrade releases nothing more and no minute holds more than the budget.
ALTER TABLE job ADD COLUMN rollout_recent TEXT NOT NULL DEFAULT '[]';
UPDATE job SET rollout_recent = '[[' || CAST(rollout_refilled_at AS VARCHAR(20)) || ','
        || CAST(CAST(rollout_rate AS BIGINT) + 1 AS VARCHAR(20)) || ']]'
    WHERE rollout_rate >= 0 AND status = 'IN_PROGRESS';
ALTER TABLE job DROP COLUMN rollout_allowance;
ALTER TABLE job DROP COLUMN rollout_refilled_at;
