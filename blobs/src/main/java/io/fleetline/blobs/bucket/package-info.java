/** Buckets: their names (S3's rules), versioning status, and the bucket operations. */
package io.fleetline.blobs.bucket;
