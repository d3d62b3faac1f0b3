/** Tags on registry resources, addressed by ARN. */
package io.fleetline.registry.tag;
