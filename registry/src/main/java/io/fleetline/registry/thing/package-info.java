/** Things: create, describe, update with optimistic versions, delete and filtered listing. */
package io.fleetline.registry.thing;
