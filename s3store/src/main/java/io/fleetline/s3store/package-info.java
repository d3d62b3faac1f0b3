/**
 * The object store on an external S3-compatible store (AWS S3, MinIO, Ceph RGW, ...), Fleetline's scale-out mode:
 * {@link io.fleetline.s3store.ExternalStore} opens a {@link io.fleetline.blobs.BlobStore} and the
 * {@link io.fleetline.blobs.DownloadUrls} of devices over the AWS SDK's S3 client, as
 * {@link io.fleetline.s3store.ExternalStoreOptions} say (where: {@link io.fleetline.s3store.S3Location}). An adapter:
 * the domain ({@code blobs}) knows nothing of it, and it knows nothing of the other adapters.
 */
package io.fleetline.s3store;
