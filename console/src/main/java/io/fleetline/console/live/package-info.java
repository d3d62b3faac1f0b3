/** What the console shows live: jobs' progress sampled for their watchers, and devices' presence. */
package io.fleetline.console.live;
