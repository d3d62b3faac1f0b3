/** Paging of list operations with opaque tokens that stay valid while items are added. */
package io.fleetline.core.page;
