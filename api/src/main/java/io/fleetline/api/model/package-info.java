/** The botocore service models (Apache-2.0, see NOTICE) read into routes, shapes and constraints. */
package io.fleetline.api.model;
