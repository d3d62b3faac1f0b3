/** Handlers of the security operations: certificates, CA certificates, thing principals and policies. */
package io.fleetline.api.security;
