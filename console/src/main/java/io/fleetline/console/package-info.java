/**
 * The web console at {@code /console} on the API port: {@link io.fleetline.console.Console} is its Jetty handler,
 * wired by the server over the home account's {@link io.fleetline.console.ConsoleServices}. Pages are rendered on the
 * server; live job progress comes by server-sent events.
 */
package io.fleetline.console;
