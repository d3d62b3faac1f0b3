/** The seam between the wire layer and the domain: one handler per operation, given a bound, valid input. */
package io.fleetline.api.handler;
