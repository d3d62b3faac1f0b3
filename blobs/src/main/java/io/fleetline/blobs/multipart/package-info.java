/**
 * Multipart uploads as S3 runs them: an upload is created, parts (1 to 10,000, each but the last at least 5 MiB) are
 * uploaded or copied in any order and replaced at will, and completing joins the chosen parts into one new version
 * whose ETag is the MD5 of the parts' MD5s with {@code -N}.
 */
package io.fleetline.blobs.multipart;
