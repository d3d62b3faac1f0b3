/**
 * Policies as resources: named, versioned (at most five versions, one the default), attached to certificates
 * and thing groups, and the questions asked of them (effective policies, TestAuthorization). The policy
 * language and its evaluation live in {@code io.fleetline.security.policy}.
 */
package io.fleetline.security.policies;
