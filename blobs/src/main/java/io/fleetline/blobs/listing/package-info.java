/**
 * Listings as S3 pages them: ListObjects (v1, by marker), ListObjectsV2 (by continuation token or start-after) and
 * ListObjectVersions (by key and version-id markers), with a prefix and a delimiter that rolls keys up into common
 * prefixes; {@link io.fleetline.blobs.listing.Rollup} does the rolling up for them and for the multipart uploads.
 */
package io.fleetline.blobs.listing;
