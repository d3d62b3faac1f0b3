/** Handlers of the iot-data plane: publishing to devices over HTTPS. */
package io.fleetline.api.data;
