/**
 * The AWS Signer subset that signs firmware for OTA updates (rest-json): signing platforms, signing profiles and
 * signing jobs, over {@link io.fleetline.ota.signing}.
 */
package io.fleetline.api.signer;
