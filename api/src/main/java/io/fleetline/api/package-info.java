/**
 * The AWS wire layer: requests are routed, bound and validated generically from the AWS service models
 * shipped in the jar, authenticated with SigV4, and handed to per-operation handlers that call the domain.
 */
package io.fleetline.api;
