/** Thing types: immutable templates with searchable attributes, deprecated before they may be deleted. */
package io.fleetline.registry.type;
