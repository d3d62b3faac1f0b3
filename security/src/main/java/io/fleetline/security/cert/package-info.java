/** Device and CA certificates as AWS IoT registers them: ids, states and the rules between them. */
package io.fleetline.security.cert;
