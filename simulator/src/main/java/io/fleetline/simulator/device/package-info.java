/**
 * The simulated devices: each a {@link io.fleetline.simulator.device.SimulatedDevice} whose agents run on in-memory
 * {@link io.fleetline.simulator.device.MemorySlots}, behave as their cohort says, and report what they do to the
 * simulation's {@link io.fleetline.simulator.device.Observations}; reboots and outages wait on the simulation's
 * {@link io.fleetline.simulator.device.Timers}.
 */
package io.fleetline.simulator.device;
