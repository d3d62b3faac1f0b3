/**
 * Mutual TLS for devices: the trust decision is "is this exact certificate registered and ACTIVE now", asked
 * of the certificate store on every handshake, so certificates registered without a CA, CAs registered after
 * start and certificates deactivated a moment ago are all judged correctly without a restart.
 */
package io.fleetline.security.tls;
