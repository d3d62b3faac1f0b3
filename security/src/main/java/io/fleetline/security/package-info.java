/**
 * Device identity and authorization: Fleetline's certificate authority, X.509 certificates and CA
 * certificates as AWS IoT registers them, IoT policies with versions and attachments, and the policy
 * evaluator the broker and the data planes ask on every connect, publish, subscribe and receive.
 */
package io.fleetline.security;
