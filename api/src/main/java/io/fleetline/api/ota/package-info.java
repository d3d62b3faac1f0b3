/**
 * The OTA update operations (CreateOTAUpdate, GetOTAUpdate, ListOTAUpdates, DeleteOTAUpdate): the AWS JSON of an
 * update read into the domain's typed request and written back from its record.
 */
package io.fleetline.api.ota;
