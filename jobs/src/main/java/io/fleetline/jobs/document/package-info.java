/**
 * Job documents and the object store: documents read from an S3 URL at creation ({@code documentSource}), and the
 * {@code ${aws:iot:s3-presigned-url:...}} placeholders that every device read replaces with download URLs of its own.
 * The object store is reached through {@link io.fleetline.jobs.document.JobObjectStore}, over the blobs module's
 * {@code BlobStore} and {@code DownloadUrls}, whichever store (embedded or external) the account has.
 */
package io.fleetline.jobs.document;
