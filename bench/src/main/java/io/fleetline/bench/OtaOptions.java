package io.fleetline.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The OTA benchmark's command-line options with their defaults ({@link OtaStreamsBench}). */
final class OtaOptions {
    int[] devices = {100, 1000};
    List<String> parts = List.of("stream", "relay", "https");
    /** QoS of the devices' subscriptions and requests: AWS's OTA agent subscribes and publishes at QoS 0. */
    MqttQos qos = MqttQos.AT_MOST_ONCE;
    /**
     * QoS of the relay's subscriptions; empty ({@code auto}): the QoS the stream devices' blocks came at in the same
     * device count (Fleetline may answer above the subscription's QoS), else {@link #qos}.
     */
    Optional<MqttQos> relayQos = Optional.empty();
    /** Blocks asked for at once: 32 × 4 KB = 128 KB, the most one request may be answered with. */
    int window = 32;
    /** AWS's OTA agent asks again after 10 s without a block. */
    Duration idleTimeout = Duration.ofSeconds(10);
    Duration timeout = Duration.ofMinutes(30);
    int warmUpDevices = 10;
    int certificates = 20;
    List<String> fleetlineJvm = List.of();
    boolean keep;
    /** Records Fleetline with JFR during each measured stream run and prints where its CPU went ({@link JfrProfile}). */
    boolean profile;

    static OtaOptions parse(String[] args) {
        OtaOptions o = new OtaOptions();
        BenchArgs.parse(args, BenchArgs.COMMON_FLAGS, flag -> {
            o.keep |= flag.equals("--keep");
            o.profile |= flag.equals("--profile");
        }, (option, v) -> {
            switch (option) {
                case "--devices" -> o.devices = BenchArgs.ints(v);
                case "--parts" -> o.parts = BenchArgs.list(v);
                case "--qos" -> o.qos = MqttQos.fromCode(Integer.parseInt(v));
                case "--relay-qos" -> o.relayQos = v.equals("auto") ? Optional.empty()
                        : Optional.of(MqttQos.fromCode(Integer.parseInt(v)));
                case "--window" -> o.window = Integer.parseInt(v);
                case "--idle-timeout" -> o.idleTimeout = Duration.ofSeconds(Long.parseLong(v));
                case "--timeout" -> o.timeout = Duration.ofSeconds(Long.parseLong(v));
                case "--warm-up-devices" -> o.warmUpDevices = Integer.parseInt(v);
                case "--certificates" -> o.certificates = Integer.parseInt(v);
                case "--fleetline-jvm" -> o.fleetlineJvm = BenchArgs.words(v);
                default -> throw BenchArgs.unknown(option);
            }
        });
        if (!qos01(o.qos) || !o.relayQos.map(OtaOptions::qos01).orElse(true) || o.window < 1 || o.window > 32) {
            throw new IllegalArgumentException("--qos and --relay-qos are 0 or 1; --window 1 to 32 (32 × 4 KB is the"
                    + " 128 KB a request may be answered with)");
        }
        return o;
    }

    private static boolean qos01(MqttQos qos) {
        return qos == MqttQos.AT_MOST_ONCE || qos == MqttQos.AT_LEAST_ONCE;
    }
}
