/**
 * OTA updates as AWS IoT runs them: MQTT file streams of objects in the store, code signing (AWS Signer profiles and
 * jobs with certificates imported as in ACM), and OTA updates that sign, stream and roll out firmware through a job
 * with the FreeRTOS {@code afr_ota} document. Domain only: the API, storage and broker adapters wire it by hand.
 */
package io.fleetline.ota;
