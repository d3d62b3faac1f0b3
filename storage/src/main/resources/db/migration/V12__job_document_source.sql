-- The S3 URL a job's or template's document was read from (CreateJob and CreateJobTemplate --document-source), which
-- DescribeJob and DescribeJobTemplate show. The document itself is read once, at creation, and kept in document.
ALTER TABLE job ADD COLUMN document_source TEXT;
ALTER TABLE job_template ADD COLUMN document_source TEXT;
