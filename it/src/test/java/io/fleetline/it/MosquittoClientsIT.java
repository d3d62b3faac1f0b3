package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;

/** Seed 003's device side with Mosquitto's command-line clients over mutual TLS. */
class MosquittoClientsIT {
    @TempDir
    Path dir;

    @Test
    void mosquitto_clients_publish_and_subscribe_where_the_policy_allows() throws Exception {
        try (TestServer server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withMqtt(m -> m.withPort(0)));
             IotClient iot = Sdk.iot(server)) {
            iot.createPolicy(r -> r.policyName("jobs").policyDocument("""
                    {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Action": "iot:Connect",
                       "Resource": "arn:aws:iot:us-east-1:000000000000:client/${iot:Connection.Thing.ThingName}"},
                      {"Effect": "Allow", "Action": ["iot:Publish", "iot:Subscribe", "iot:Receive", "iot:RetainPublish"],
                       "Resource": ["arn:aws:iot:us-east-1:000000000000:topic/dev/${iot:ClientId}/*",
                                    "arn:aws:iot:us-east-1:000000000000:topicfilter/dev/${iot:ClientId}/*"]}]}"""));
            iot.createThing(r -> r.thingName("dev-1"));
            var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
            iot.attachPolicy(r -> r.policyName("jobs").target(keys.certificateArn()));
            iot.attachThingPrincipal(r -> r.thingName("dev-1").principal(keys.certificateArn()));
            Path[] files = new DeviceIdentity(keys.certificateArn(), keys.certificateId(), keys.certificatePem(),
                    keys.keyPair().privateKey()).writeTo(dir, "dev-1");
            List<String> tls = List.of("-h", "127.0.0.1", "-p", Integer.toString(server.mqttsPort()),
                    "--cafile", server.caFile().toString(), "--cert", files[0].toString(), "--key", files[1].toString());

            Process publisher = start(command("mosquitto_pub", tls, "-i", "dev-1", "-t", "dev/dev-1/cmd",
                    "-m", "reboot", "-r", "-q", "1"));
            assertThat(publisher.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(publisher.exitValue()).as(output(publisher)).isZero();

            Process subscriber = start(command("mosquitto_sub", tls, "-i", "dev-1", "-t", "dev/dev-1/#", "-C", "1",
                    "-W", "30"));
            assertThat(subscriber.waitFor(40, TimeUnit.SECONDS)).isTrue();
            assertThat(output(subscriber)).isEqualTo("reboot");

            Process outside = start(command("mosquitto_sub", tls, "-i", "dev-1", "-t", "other/#", "-C", "1", "-W", "5"));
            assertThat(outside.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(output(outside)).as("subscribing outside the policy").contains("subscription requests were denied");

            Process denied = start(command("mosquitto_pub", tls, "-i", "intruder", "-t", "dev/intruder/x", "-m", "x"));
            assertThat(denied.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(denied.exitValue()).as("connect as a client id the policy does not allow").isNotZero();

            Process noCert = start(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(server.mqttsPort()),
                    "--cafile", server.caFile().toString(), "-i", "dev-1", "-t", "dev/dev-1/x", "-m", "x"));
            assertThat(noCert.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(noCert.exitValue()).as("TLS without a client certificate").isNotZero();
        }
    }

    private static String output(Process process) throws java.io.IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    private static List<String> command(String program, List<String> tls, String... args) {
        List<String> command = new ArrayList<>(List.of(program));
        command.addAll(tls);
        command.addAll(List.of(args));
        return command;
    }

    private static Process start(List<String> command) throws java.io.IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
