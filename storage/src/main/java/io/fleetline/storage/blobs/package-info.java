/** The object store's metadata over JDBC: buckets, versions, uploads and parts. */
package io.fleetline.storage.blobs;
