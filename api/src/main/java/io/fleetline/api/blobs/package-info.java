/**
 * The S3 operations served over the object store: one handler per operation, each a thin translation from the bound
 * wire input (the S3 model's member names) to a typed call of the {@code blobs} services, and from what they answer
 * to the operation's output members. The codec ({@code api.s3}) reads and writes the wire; the domain
 * ({@code blobs}) decides. {@link io.fleetline.api.blobs.BlobsApi#handlers} is the entry.
 */
package io.fleetline.api.blobs;
