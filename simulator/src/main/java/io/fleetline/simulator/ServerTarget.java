package io.fleetline.simulator;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where the simulated fleet's server is: its API (for provisioning and watching jobs, signed with an admin key) and
 * its MQTT endpoint (mutual TLS, trusting {@code caFile}).
 *
 * @param apiUrl      the HTTP API, as the AWS CLI's {@code --endpoint-url}
 * @param region      the region requests are signed for
 * @param accessKeyId the admin access key's id
 * @param secretKey   the admin access key's secret
 * @param mqttHost    the MQTT endpoint's host
 * @param mqttPort    the MQTT endpoint's mutual-TLS port
 * @param caFile      the PEM file of the CA the MQTT endpoint's certificate chains to
 */
public record ServerTarget(URI apiUrl, String region, String accessKeyId, String secretKey, String mqttHost,
                           int mqttPort, Path caFile) {
    public ServerTarget {
        if (mqttPort < 1 || mqttPort > 65_535) {
            throw new IllegalArgumentException("MQTT port out of range: " + mqttPort);
        }
    }

    /** The same server with its MQTT endpoint elsewhere (a restarted server on another port). */
    public ServerTarget withMqtt(String host, int port) {
        return new ServerTarget(apiUrl, region, accessKeyId, secretKey, host, port, caFile);
    }
}
