/** Time as a dependency: a clock tests move by hand, so schedulers are driven, never waited for. */
package io.fleetline.core.time;
