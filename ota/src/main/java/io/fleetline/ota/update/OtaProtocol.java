package io.fleetline.ota.update;

/** How devices fetch the image: blocks over an MQTT stream, or HTTPS from a presigned URL. */
public enum OtaProtocol {
    MQTT,
    HTTP
}
