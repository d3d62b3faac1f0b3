/** The agent's implementation: not an API; device software uses {@code io.fleetline.agent}. */
package io.fleetline.agent.internal;
