/**
 * Billing groups: flat groups for cost allocation, each thing in at most one, tagged like other registry resources.
 */
package io.fleetline.registry.billing;
