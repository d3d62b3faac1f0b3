/**
 * Device shadows, classic and named: the document rules AWS IoT's Device Shadow service applies (partial updates,
 * {@code null} deletes, arrays replaced whole, the delta of desired against reported with full paths, per-leaf
 * metadata timestamps, optimistic locking on {@code version}, the 8 KB and depth-6 limits) and {@link
 * io.fleetline.shadow.ShadowService} over the {@link io.fleetline.shadow.ShadowStore} port. A shadow document is JSON
 * by nature, so it is held as Jackson trees; the topics and HTTP bodies that carry it are the adapters' business.
 */
package io.fleetline.shadow;
