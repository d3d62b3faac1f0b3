/**
 * What the server is started with: one immutable record per concern (storage, network, account, HTTP, MQTT,
 * registry, jobs, blobs, metrics), each owning its defaults and checking its bounds with the name of the flag that sets it, and
 * {@link io.fleetline.server.config.ServerConfig} holding one of each.
 */
package io.fleetline.server.config;
