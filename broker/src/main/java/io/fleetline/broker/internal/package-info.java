/** The embedded HiveMQ CE: configuration, the trust provider, and the extension that applies Fleetline's rules. */
package io.fleetline.broker.internal;
