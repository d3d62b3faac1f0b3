/**
 * The simulated fleet on the server: its things, certificates, group and policy, provisioned over the AWS IoT API
 * ({@link io.fleetline.simulator.fleet.Provisioner}) and kept in the simulator's state directory for later runs.
 */
package io.fleetline.simulator.fleet;
