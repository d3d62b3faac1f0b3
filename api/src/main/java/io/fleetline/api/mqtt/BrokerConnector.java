package io.fleetline.api.mqtt;

import java.io.IOException;
import java.net.Socket;

/** Opens a connection to the broker on behalf of an authenticated operator. */
@FunctionalInterface
public interface BrokerConnector {
    Socket open() throws IOException;
}
