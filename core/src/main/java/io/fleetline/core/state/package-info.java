/** Coordination of whole-server state changes (reset) with the work that reads and writes that state. */
package io.fleetline.core.state;
