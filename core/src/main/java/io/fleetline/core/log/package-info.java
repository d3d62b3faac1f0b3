/** Logging that clients cannot turn into a flood. */
package io.fleetline.core.log;
