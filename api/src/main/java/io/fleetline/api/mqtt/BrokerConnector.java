package io.fleetline.api.mqtt;

import io.fleetline.api.auth.Caller;
import java.io.IOException;
import java.net.Socket;

/** Opens a connection to the broker on behalf of an authenticated operator, in the account the caller acts in. */
@FunctionalInterface
public interface BrokerConnector {
    Socket open(Caller caller) throws IOException;
}
