/** The server process: typed configuration, hand wiring of every module, start-up files and the command line. */
package io.fleetline.server;
