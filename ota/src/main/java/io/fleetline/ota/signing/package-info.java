/**
 * Code signing as AWS Signer and ACM offer it to firmware: certificates imported with their private key
 * ({@link io.fleetline.ota.signing.AcmCertificates}, keys sealed at rest by a {@link
 * io.fleetline.ota.signing.KeySealer} and never handed out), the signing platforms ({@link
 * io.fleetline.ota.signing.SigningPlatforms}), signing profiles ({@link io.fleetline.ota.signing.SigningProfiles}) and
 * signing jobs ({@link io.fleetline.ota.signing.SigningJobs}), which sign a versioned object of the account's object
 * store with ECDSA P-256 over SHA-256 of the whole image and keep the DER signature for OTA updates
 * ({@link io.fleetline.ota.signing.SigningJobs#signedImage}). {@link io.fleetline.ota.signing.Signing} wires them
 * over a {@link io.fleetline.ota.signing.SigningStore} and a {@link io.fleetline.ota.signing.SigningObjects}.
 */
package io.fleetline.ota.signing;
