/**
 * Where object bytes live: the {@link io.fleetline.blobs.content.ContentStore} port, content-addressed by SHA-256, and
 * {@link io.fleetline.blobs.content.FileContentStore}, its implementation in a directory of the data dir. It lives
 * here rather than in {@code storage} because it needs nothing of JDBC, only files, and the domain's own tests run on
 * it.
 */
package io.fleetline.blobs.content;
