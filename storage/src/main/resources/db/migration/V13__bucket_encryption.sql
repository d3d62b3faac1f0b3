-- A bucket's default encryption (PutBucketEncryption), kept in the bucket's row so that DeleteBucket and a reset
-- remove it with the bucket. sse_algorithm is NULL when none is set, else 'AES256' (SSE-S3, the only one taken);
-- sse_bucket_key is BucketKeyEnabled as the request gave it: NULL when it did not say, else 0 or 1.
ALTER TABLE blob_bucket ADD COLUMN sse_algorithm VARCHAR(16);
ALTER TABLE blob_bucket ADD COLUMN sse_bucket_key SMALLINT;
