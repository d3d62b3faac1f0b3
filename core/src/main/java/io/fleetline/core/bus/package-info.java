/**
 * The one message seam: domain services publish to devices and handle devices' messages on reserved topics
 * through {@link io.fleetline.core.bus.MessageBus}, whatever broker carries them.
 */
package io.fleetline.core.bus;
