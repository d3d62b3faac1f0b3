/** {@code ./fleetline simulate}: the command line over the simulator, its server lookup and its terminal bars. */
package io.fleetline.simulator.cli;
