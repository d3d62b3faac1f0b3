/** Finds the operation a request is for, from the models' methods and URI templates. */
package io.fleetline.api.routing;
