package io.fleetline.broker;

/**
 * The broker's own counters, read when asked (a scrape): each call reads the current value, so a caller keeps this
 * object and asks again rather than copying the numbers. Counts are since the broker started; a reset ends sessions
 * but does not set them back.
 */
public interface BrokerStatistics {
    /** MQTT connections open now, on every listener (the SigV4 WebSocket bridge's included). */
    long connections();

    /** Sessions the broker holds now, connected or persistent. */
    long sessions();

    /** Subscriptions held now. */
    long subscriptions();

    /** PUBLISH packets received from clients. */
    long publishesReceived();

    /** PUBLISH packets sent to clients (one per delivery). */
    long publishesSent();

    /** Messages dropped (a full queue of an offline session, a client that cannot keep up). */
    long messagesDropped();

    /** Bytes read from all MQTT connections. */
    long bytesRead();

    /** Bytes written to all MQTT connections. */
    long bytesWritten();
}
