/** Static thing groups: a hierarchy up to seven deep, membership of things, recursive listing. */
package io.fleetline.registry.group;
