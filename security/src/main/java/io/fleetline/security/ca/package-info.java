/** Fleetline's own certificate authority, PEM handling and certificate ids, on BouncyCastle. */
package io.fleetline.security.ca;
