/**
 * Fault profiles: the YAML a simulation is given ({@link io.fleetline.simulator.profile.FaultProfile}), the cohorts
 * it names ({@link io.fleetline.simulator.profile.Cohort}) and which device falls into which
 * ({@link io.fleetline.simulator.profile.CohortAssignment}).
 */
package io.fleetline.simulator.profile;
