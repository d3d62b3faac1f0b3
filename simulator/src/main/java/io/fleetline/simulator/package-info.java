/**
 * The fleet simulator: thousands of device agents in one JVM against a server, with faults injected by cohort, live
 * progress and a report. {@link io.fleetline.simulator.Simulation} is the library (the integration tests drive it);
 * {@code ./fleetline simulate} is a thin command over it.
 */
package io.fleetline.simulator;
