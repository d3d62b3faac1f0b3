/**
 * The object store: buckets, objects and their versions, multipart uploads, with the semantics of the S3 subset
 * Fleetline serves. {@link io.fleetline.blobs.Blobs} wires the services over two ports: a
 * {@link io.fleetline.blobs.BlobMetadataStore} (buckets, versions, uploads and parts, transactional, in the account's
 * database) and a {@link io.fleetline.blobs.content.ContentStore} (the bytes, content-addressed by SHA-256). Bytes are
 * written and made durable before the metadata transaction that makes them visible commits; the
 * {@link io.fleetline.blobs.ContentSweeper} removes what no metadata references. {@link io.fleetline.blobs.BlobStore}
 * is the small object interface that the embedded store and an external S3-compatible store both offer.
 */
package io.fleetline.blobs;
