/**
 * Objects and their versions: keys (data, never paths), version ids, ETags as S3 computes them, byte ranges and
 * conditional requests as S3 resolves them, and the object operations (put, get, head, delete, copy).
 */
package io.fleetline.blobs.object;
