/**
 * The S3 wire codec, driven by AWS's S3 model (REST-XML) as the IoT API is driven by its models: {@link
 * io.fleetline.api.s3.S3Router} finds the operation of a path-style or virtual-hosted-style request, the binder builds
 * its input from the URI, query, headers and an XML payload (parsed hardened: no DTDs, no entities, bounded), the
 * writer turns an output into S3's status, headers and XML, and errors become S3's XML errors. Operations are served
 * by {@link io.fleetline.api.s3.S3Handler}s registered per operation in {@link io.fleetline.api.s3.S3Handlers};
 * {@link io.fleetline.api.s3.S3Endpoint} joins the steps. Object bodies are never held here: a streaming payload is
 * handed through as a stream both ways. {@link io.fleetline.api.s3.S3StreamingRoute} serves the codec on the HTTP
 * listener's streaming seam (S3's XML errors for every refusal, objects written from file regions), and
 * {@link io.fleetline.api.s3.PresignedUrls} makes the presigned download URLs of the embedded store.
 */
package io.fleetline.api.s3;
