package io.fleetline.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.it.FleetModel.Change;
import io.fleetline.it.FleetModel.Connection;
import io.fleetline.it.FleetModel.Timeline;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.TestServer;
import java.util.Locale;

/**
 * A device of the churn: it connects over mutual-TLS MQTT with its thing name as client id, reports its firmware and
 * a sequence number on its classic shadow, and disconnects, a few times over; each change is recorded in its
 * thing's {@link Timeline} before it is sent and acknowledged when the server's answer arrives (the presence event
 * for a connection, {@code update/accepted} for a report).
 */
final class ChurningDevice {
    private final TestServer server;
    private final DeviceIdentity identity;
    private final Timeline timeline;
    private final PresenceWatch presence;
    private final String shadow;

    ChurningDevice(TestServer server, DeviceIdentity identity, Timeline timeline, PresenceWatch presence) {
        this.server = server;
        this.identity = identity;
        this.timeline = timeline;
        this.presence = presence;
        this.shadow = "$aws/things/" + timeline.name() + "/shadow/";
    }

    /**
     * Connects, reports {@code firmware[i]} with sequence {@code i + 1} and disconnects, for each firmware; stays
     * connected after the last report when {@code staysConnected}.
     */
    void run(double[] firmware, boolean staysConnected) throws Exception {
        for (int i = 0; i < firmware.length; i++) {
            ShadowClient client = connect();
            report(client, firmware[i]);
            if (i < firmware.length - 1 || !staysConnected) {
                disconnect(client);
            }
        }
    }

    private ShadowClient connect() throws Exception {
        Change connecting = timeline.change(state -> state.with(Connection.CONNECTED));
        ShadowClient client = ShadowClient.connect(server, identity, timeline.name(), shadow + "update/accepted",
                shadow + "update/rejected");
        connecting.acknowledge(presence.await(timeline.name(), "connected"));
        return client;
    }

    private void report(ShadowClient client, double firmware) throws InterruptedException {
        long sequence = timeline.latest().sequence() + 1;
        String token = timeline.name() + "-" + sequence;
        Change reporting = timeline.change(state -> state.reporting(firmware, sequence));
        client.publish(shadow + "update", String.format(Locale.ROOT,
                "{\"state\":{\"reported\":{\"firmware\":%.1f,\"sequence\":%d}},\"clientToken\":\"%s\"}",
                firmware, sequence, token));
        JsonNode accepted = client.next(shadow + "update/accepted");
        reporting.acknowledge();
        if (!accepted.path("clientToken").asText().equals(token)) {
            throw new AssertionError(timeline.name() + ": accepted " + accepted + " for " + token);
        }
    }

    private void disconnect(ShadowClient client) throws InterruptedException {
        Change leaving = timeline.change(state -> state.with(Connection.DISCONNECTED));
        client.close();
        leaving.acknowledge(presence.await(timeline.name(), "disconnected"));
    }
}
