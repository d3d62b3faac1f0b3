/** OTA updates over JDBC: the {@code ota_update} table and storage's JSON form of an update's request and progress. */
package io.fleetline.storage.ota;
