/**
 * The server process: hand wiring of every module, start-up files and the command line; its settings are in
 * {@code config}.
 */
package io.fleetline.server;
