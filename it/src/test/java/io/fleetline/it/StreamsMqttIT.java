package io.fleetline.it;

import static io.fleetline.it.StreamWire.assertRejected;
import static io.fleetline.it.StreamWire.bytes;
import static io.fleetline.it.StreamWire.concat;
import static io.fleetline.it.StreamWire.hex;
import static io.fleetline.it.StreamWire.integer;
import static io.fleetline.it.StreamWire.map;
import static io.fleetline.it.StreamWire.pair;
import static io.fleetline.it.StreamWire.text;
import static io.fleetline.it.StreamWire.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT file streams under bad input, from real MQTT 5 clients over mutual TLS with the OTA devices' policy: every
 * rejection code a device can cause, in JSON and in CBOR, each request written byte for byte and each rejection
 * checked byte for byte ({@code {"o", "m", "c"}} on {@code rejected/json|cbor}, the client token echoed when it is a
 * valid one), answered to the requesting client alone whether it subscribed or not; a request on another thing's
 * stream topic is refused by the policy. The devices subscribe to nothing: every answer they get is the server's
 * answer to them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsMqttIT {
    /** 74 blocks of 4 KB, the last one 992 bytes. */
    private final byte[] app = StreamsFixture.image(300_000, 1);
    private StreamsFixture fixture;
    private String appVersion;

    @BeforeAll
    void start(@TempDir Path dir) {
        fixture = new StreamsFixture(dir);
        appVersion = fixture.put("app.bin", app);
        fixture.stream("fw", "app.bin", appVersion);
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    @Test
    void topics_the_protocol_does_not_have_are_rejected_invalid_topic_in_the_topics_format() throws Exception {
        StreamDevice device = fixture.device("topics-1");
        device.publish(device.streamTopic("fw", "frobnicate/json"), "{\"c\":\"t-1\"}");
        device.publish(device.streamTopic("fw", "frobnicate/cbor"), concat(map(1), pair("c", text("t-2"))));
        device.publish(device.streamTopic("fw", "data/json"), "{\"c\":\"t-3\"}");  // an answer's topic
        device.publish(device.streamTopic("fw", "get/xml"), "{\"c\":\"t-4\"}");
        device.publish(device.streamTopic("fw", "get/json/more"), "{\"c\":\"t-5\"}");
        device.publish(device.streamTopic("fw", "get"), "{\"c\":\"t-6\"}");
        device.publish(device.streamTopic("not.a.stream.id", "get/cbor"), concat(map(1), pair("c", text("t-7"))));

        String rejectedJson = device.streamTopic("fw", "rejected/json");
        assertRejected(device.next(rejectedJson), "InvalidTopic", "t-1");
        assertRejected(device.next(device.streamTopic("fw", "rejected/cbor")), "InvalidTopic", "t-2");
        assertRejected(device.next(rejectedJson), "InvalidTopic", "t-3");
        // a format the protocol does not have: answered in JSON, the payload unread
        assertRejected(device.next(rejectedJson), "InvalidTopic");
        assertRejected(device.next(rejectedJson), "InvalidTopic");
        assertRejected(device.next(rejectedJson), "InvalidTopic");
        assertRejected(device.next(device.streamTopic("not.a.stream.id", "rejected/cbor")), "InvalidTopic", "t-7");
        assertThat(device.topics()).hasSize(7);
    }

    @Test
    void answers_go_at_most_once_though_the_device_subscribed_to_them_and_asked_at_qos_1() throws Exception {
        StreamDevice device = fixture.device("qos-1", "$aws/things/qos-1/streams/fw/data/json",
                "$aws/things/qos-1/streams/fw/rejected/json");
        device.publish(device.streamTopic("fw", "get/json"), "{\"c\":\"q-1\",\"f\":0,\"l\":4096,\"n\":2}");
        device.publish(device.streamTopic("fw", "get/json"), "{\"c\":\"q-2\",\"f\":9,\"l\":4096}");

        List<StreamDevice.Received> blocks = device.next(device.streamTopic("fw", "data/json"), 2);
        StreamDevice.Received rejected = device.next(device.streamTopic("fw", "rejected/json"));

        assertThat(blocks).extracting(StreamDevice.Received::qos).containsOnly(MqttQos.AT_MOST_ONCE);
        assertThat(rejected.qos()).isEqualTo(MqttQos.AT_MOST_ONCE);
        assertRejected(rejected, "ResourceNotFound", "q-2");
    }

    @Test
    void a_payload_that_is_not_one_json_object_is_rejected_invalid_json() throws Exception {
        StreamDevice device = fixture.device("json-1");
        List<byte[]> payloads = List.of(
                utf8("{\"c\":\"j-1\",\"f\":0,\"l\":4096"),          // ends inside the object
                utf8("[{\"c\":\"j-2\",\"f\":0,\"l\":4096}]"),       // an array
                utf8("{\"c\":\"j-3\",\"f\":0,\"f\":1,\"l\":4096}"), // a key twice
                utf8("{\"c\":\"j-4\",\"f\":0,\"l\":4096} {}"),      // more after the object
                utf8("{\"c\":\"j-5\",\"f\":0,\"l\":4096,}"),        // a trailing comma
                utf8("{'c':'j-6','f':0,'l':4096}"),                 // single quotes
                utf8("null"),
                utf8("{\"x\":" + "[".repeat(40) + "]".repeat(40) + ",\"f\":0,\"l\":4096}"),  // arrays 40 deep
                utf8("   "),
                new byte[] {'{', '"', 'c', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'});  // not UTF-8
        for (byte[] payload : payloads) {
            device.publish(device.streamTopic("fw", "get/json"), payload);
        }
        device.publish(device.streamTopic("fw", "describe/json"), "{\"c\":\"j-10\"");

        for (int i = 0; i < payloads.size() + 1; i++) {
            assertRejected(device.next(device.streamTopic("fw", "rejected/json")), "InvalidJson");
        }
        assertThat(device.topics()).hasSize(payloads.size() + 1);
    }

    @Test
    void a_payload_that_is_not_one_cbor_map_is_rejected_invalid_cbor() throws Exception {
        StreamDevice device = fixture.device("cbor-1");
        List<byte[]> payloads = List.of(
                hex("A3 6163 636B2D31  6166 00"),                   // a map of 3 pairs that ends after 2
                hex("82 00 01"),                                     // an array
                hex("A2 6166 00  6166 01"),                          // "f" twice
                hex("A1 6166 00  00"),                               // more after the map
                hex("FF"),                                           // a break alone
                hex("1C"),                                           // a reserved head
                hex("A1 6162 5B 7FFFFFFFFFFFFFFF 00"),               // a byte string "of" 2^63 - 1 bytes
                hex("A1 6163 7A FFFFFFFF 41"),                       // a text "of" 4 GiB
                hex("BF 6166 00"),                                   // an endless map that ends
                hex("A1 6178" + "81".repeat(40) + "00"),            // arrays 40 deep
                utf8("{\"c\":\"k-7\",\"f\":0,\"l\":4096}"));         // JSON on the CBOR topic
        for (byte[] payload : payloads) {
            device.publish(device.streamTopic("fw", "get/cbor"), payload);
        }
        device.publish(device.streamTopic("fw", "describe/cbor"), hex("A1 6163"));

        for (int i = 0; i < payloads.size() + 1; i++) {
            assertRejected(device.next(device.streamTopic("fw", "rejected/cbor")), "InvalidCbor");
        }
        assertThat(device.topics()).hasSize(payloads.size() + 1);
    }

    @Test
    void malformed_json_requests_are_rejected_invalid_request_with_the_valid_client_token() throws Exception {
        StreamDevice device = fixture.device("request-json");
        String longToken = "x".repeat(65);
        List<String> payloads = List.of(
                "{\"c\":\"m-1\",\"l\":4096}",                       // no f
                "{\"c\":\"m-2\",\"f\":0}",                          // no l
                "{\"c\":\"m-3\",\"f\":\"0\",\"l\":4096}",           // f a string
                "{\"c\":\"m-4\",\"f\":0,\"l\":4096.0}",             // l a fraction
                "{\"c\":\"m-5\",\"f\":0,\"l\":4096,\"o\":true}",    // o a boolean
                "{\"c\":\"m-6\",\"f\":0,\"l\":4096,\"b\":\"zz\"}",  // b not hexadecimal
                "{\"c\":\"m-7\",\"f\":0,\"l\":4096,\"b\":\"0x1\"}", // b an odd number of digits
                "{\"c\":\"m-8\",\"f\":0,\"l\":4096,\"b\":1}",       // b a number
                "{\"c\":\"m-9\",\"f\":0,\"l\":4096,\"b\":\"0x\"}",  // b empty
                "{\"c\":\"m-10\",\"f\":0,\"l\":4096,\"s\":-1}",     // a negative version
                "{\"c\":\"m-11\",\"f\":256,\"l\":4096}",            // a file id past 255
                "{\"c\":\"m-12\",\"f\":0,\"l\":4096,\"o\":70,\"b\":\"0x00ff\"}");  // marks only blocks past the end
        for (String payload : payloads) {
            device.publish(device.streamTopic("fw", "get/json"), payload);
        }
        device.publish(device.streamTopic("fw", "get/json"), "{\"c\":\"" + longToken + "\",\"f\":0,\"l\":4096}");
        device.publish(device.streamTopic("fw", "get/json"), "{\"c\":42,\"f\":0,\"l\":4096}");
        device.publish(device.streamTopic("fw", "describe/json"), "{\"c\":\"" + longToken + "\"}");
        // a token of 64 bytes is valid, as AWS documents
        String longest = "é".repeat(32);
        device.publish(device.streamTopic("fw", "get/json"), "{\"c\":\"" + longest + "\",\"f\":0,\"l\":4096,\"n\":1}");

        String rejected = device.streamTopic("fw", "rejected/json");
        for (int i = 1; i <= payloads.size(); i++) {
            assertRejected(device.next(rejected), "InvalidRequest", "m-" + i);
        }
        assertRejected(device.next(rejected), "InvalidRequest");
        assertRejected(device.next(rejected), "InvalidRequest");
        assertRejected(device.next(rejected), "InvalidRequest");
        assertThat(device.next(device.streamTopic("fw", "data/json")).tree().path("c").asText()).isEqualTo(longest);
    }

    @Test
    void malformed_cbor_requests_are_rejected_invalid_request_with_the_valid_client_token() throws Exception {
        StreamDevice device = fixture.device("request-cbor");
        List<byte[]> payloads = List.of(
                concat(map(2), pair("c", text("n-1")), pair("l", integer(4096))),
                concat(map(2), pair("c", text("n-2")), pair("f", integer(0))),
                concat(map(3), pair("c", text("n-3")), pair("f", text("0")), pair("l", integer(4096))),
                concat(map(3), pair("c", text("n-4")), pair("f", integer(0)), pair("l", hex("F9 6C00"))),  // 4096.0
                concat(map(4), pair("c", text("n-5")), pair("f", integer(0)), pair("l", integer(4096)),
                        pair("b", text("ff"))),                                  // b text, not bytes
                concat(map(4), pair("c", text("n-6")), pair("f", integer(0)), pair("l", integer(4096)),
                        pair("b", bytes(new byte[0]))),                          // b empty
                concat(map(4), pair("c", text("n-7")), pair("f", integer(0)), pair("l", integer(4096)),
                        pair("o", hex("F5"))));                                  // o true
        for (byte[] payload : payloads) {
            device.publish(device.streamTopic("fw", "get/cbor"), payload);
        }
        device.publish(device.streamTopic("fw", "get/cbor"), concat(map(3), pair("c", text("y".repeat(65))),
                pair("f", integer(0)), pair("l", integer(4096))));
        device.publish(device.streamTopic("fw", "get/cbor"), concat(map(3), pair("c", bytes(utf8("n-9"))),
                pair("f", integer(0)), pair("l", integer(4096))));

        String rejected = device.streamTopic("fw", "rejected/cbor");
        for (int i = 1; i <= payloads.size(); i++) {
            assertRejected(device.next(rejected), "InvalidRequest", "n-" + i);
        }
        assertRejected(device.next(rejected), "InvalidRequest");
        assertRejected(device.next(rejected), "InvalidRequest");
        assertThat(device.topics()).hasSize(payloads.size() + 2);
    }

    @Test
    void block_sizes_outside_256_to_131072_bytes_are_rejected_block_size_out_of_bounds() throws Exception {
        StreamDevice device = fixture.device("block-size");
        for (long size : new long[] {255, 131_073, 0, -1, 1L << 40}) {
            device.publish(device.streamTopic("fw", "get/json"), "{\"c\":\"l" + size + "\",\"f\":0,\"l\":" + size
                    + ",\"n\":1}");
            device.publish(device.streamTopic("fw", "get/cbor"), concat(map(4), pair("c", text("l" + size)),
                    pair("f", integer(0)), pair("l", integer(size)), pair("n", integer(1))));
            assertRejected(device.next(device.streamTopic("fw", "rejected/json")), "BlockSizeOutOfBounds", "l" + size);
            assertRejected(device.next(device.streamTopic("fw", "rejected/cbor")), "BlockSizeOutOfBounds", "l" + size);
        }
        device.publish(device.streamTopic("fw", "get/cbor"), concat(map(3), pair("f", integer(0)),
                pair("l", integer(256)), pair("n", integer(1))));
        assertThat(device.next(device.streamTopic("fw", "data/cbor")).tree().path("l").asInt()).isEqualTo(256);
    }

    @Test
    void offsets_out_of_the_protocols_range_or_past_the_files_last_block_are_rejected_offset_out_of_bounds()
            throws Exception {
        StreamDevice device = fixture.device("offsets");
        for (long offset : new long[] {98_305, -1, 1L << 40, 74}) {  // blocks 0 to 73
            device.publish(device.streamTopic("fw", "get/json"), "{\"c\":\"o" + offset + "\",\"f\":0,\"l\":4096,\"o\":"
                    + offset + "}");
            device.publish(device.streamTopic("fw", "get/cbor"), concat(map(4), pair("c", text("o" + offset)),
                    pair("f", integer(0)), pair("l", integer(4096)), pair("o", integer(offset))));
            assertRejected(device.next(device.streamTopic("fw", "rejected/json")), "OffsetOutOfBounds", "o" + offset);
            assertRejected(device.next(device.streamTopic("fw", "rejected/cbor")), "OffsetOutOfBounds", "o" + offset);
        }
        device.publish(device.streamTopic("fw", "get/json"), "{\"f\":0,\"l\":4096,\"o\":73}");
        var last = device.next(device.streamTopic("fw", "data/json")).tree();
        assertThat(last.path("i").asInt()).isEqualTo(73);
        assertThat(last.path("l").asInt()).isEqualTo(992);
    }

    @Test
    void block_counts_over_98304_are_rejected_block_count_limit_exceeded() throws Exception {
        StreamDevice device = fixture.device("block-count");
        for (long count : new long[] {98_305, -1, 1L << 33}) {
            device.publish(device.streamTopic("fw", "get/json"), "{\"c\":\"n" + count + "\",\"f\":0,\"l\":4096,\"n\":"
                    + count + "}");
            device.publish(device.streamTopic("fw", "get/cbor"), concat(map(4), pair("c", text("n" + count)),
                    pair("f", integer(0)), pair("l", integer(4096)), pair("n", integer(count))));
            assertRejected(device.next(device.streamTopic("fw", "rejected/json")), "BlockCountLimitExceeded",
                    "n" + count);
            assertRejected(device.next(device.streamTopic("fw", "rejected/cbor")), "BlockCountLimitExceeded",
                    "n" + count);
        }
    }

    @Test
    void bitmaps_over_12288_bytes_are_rejected_and_one_longer_than_the_file_is_served() throws Exception {
        StreamDevice device = fixture.device("bitmaps");
        byte[] tooLong = new byte[12_289];
        tooLong[0] = 1;
        device.publish(device.streamTopic("fw", "get/json"), "{\"c\":\"b-1\",\"f\":0,\"l\":256,\"b\":\"0x"
                + HexFormat.of().formatHex(tooLong) + "\"}");
        device.publish(device.streamTopic("fw", "get/cbor"), concat(map(4), pair("c", text("b-2")),
                pair("f", integer(0)), pair("l", integer(256)), pair("b", bytes(tooLong))));
        assertRejected(device.next(device.streamTopic("fw", "rejected/json")), "BlockBitmapLimitExceeded", "b-1");
        assertRejected(device.next(device.streamTopic("fw", "rejected/cbor")), "BlockBitmapLimitExceeded", "b-2");

        // the largest bitmap, and one that runs past the file's 74 blocks (as a 128-byte buffer does): bits past the
        // end name no block and are passed over
        byte[] largest = Arrays.copyOf(tooLong, 12_288);
        device.publish(device.streamTopic("fw", "get/cbor"), concat(map(4), pair("c", text("b-3")),
                pair("f", integer(0)), pair("l", integer(256)), pair("b", bytes(largest))));
        assertThat(device.next(device.streamTopic("fw", "data/cbor")).tree().path("i").asInt()).isZero();
        byte[] pastTheEnd = new byte[128];
        Arrays.fill(pastTheEnd, (byte) 0xFF);
        device.publish(device.streamTopic("fw", "get/json"), "{\"c\":\"b-4\",\"f\":0,\"l\":4096,\"o\":70,\"b\":\""
                + HexFormat.of().formatHex(pastTheEnd) + "\"}");
        device.publish(device.streamTopic("fw", "describe/json"), "{\"c\":\"after\"}");
        List<StreamDevice.Received> answers = device.until(device.streamTopic("fw", "description/json"));
        assertThat(answers.subList(0, answers.size() - 1)).extracting(a -> a.tree().path("i").asInt())
                .containsExactly(70, 71, 72, 73);
    }

    @Test
    void a_stream_or_file_that_does_not_exist_is_rejected_resource_not_found() throws Exception {
        StreamDevice device = fixture.device("missing");
        device.publish(device.streamTopic("nope", "describe/json"), "{\"c\":\"r-1\"}");
        device.publish(device.streamTopic("nope", "get/cbor"), concat(map(3), pair("c", text("r-2")),
                pair("f", integer(0)), pair("l", integer(4096))));
        device.publish(device.streamTopic("fw", "get/json"), "{\"c\":\"r-3\",\"f\":7,\"l\":4096}");
        device.publish(device.streamTopic("fw", "get/cbor"), concat(map(3), pair("c", text("r-4")),
                pair("f", integer(255)), pair("l", integer(4096))));

        assertRejected(device.next(device.streamTopic("nope", "rejected/json")), "ResourceNotFound", "r-1");
        assertRejected(device.next(device.streamTopic("nope", "rejected/cbor")), "ResourceNotFound", "r-2");
        assertRejected(device.next(device.streamTopic("fw", "rejected/json")), "ResourceNotFound", "r-3");
        assertRejected(device.next(device.streamTopic("fw", "rejected/cbor")), "ResourceNotFound", "r-4");
    }

    @Test
    void a_request_naming_another_stream_version_is_rejected_version_mismatch() throws Exception {
        StreamDevice device = fixture.device("versions");
        device.publish(device.streamTopic("fw", "get/json"), "{\"c\":\"v-1\",\"s\":2,\"f\":0,\"l\":4096}");
        device.publish(device.streamTopic("fw", "get/cbor"), concat(map(4), pair("c", text("v-2")),
                pair("s", integer(0)), pair("f", integer(0)), pair("l", integer(4096))));
        device.publish(device.streamTopic("fw", "get/cbor"), concat(map(5), pair("c", text("v-3")),
                pair("s", integer(1)), pair("f", integer(0)), pair("l", integer(4096)), pair("n", integer(1))));

        assertRejected(device.next(device.streamTopic("fw", "rejected/json")), "VersionMismatch", "v-1");
        assertRejected(device.next(device.streamTopic("fw", "rejected/cbor")), "VersionMismatch", "v-2");
        assertThat(device.next(device.streamTopic("fw", "data/cbor")).tree().path("c").asText()).isEqualTo("v-3");
    }

    @Test
    void an_object_replaced_under_a_stream_naming_no_version_is_rejected_etag_mismatch_until_the_stream_is_updated()
            throws Exception {
        StreamDevice device = fixture.device("etags");
        fixture.put("current.bin", StreamsFixture.image(5000, 7));
        fixture.stream("current", "current.bin", null);
        byte[] replaced = StreamsFixture.image(6000, 8);
        fixture.put("current.bin", replaced);

        device.publish(device.streamTopic("current", "get/json"), "{\"c\":\"e-1\",\"f\":0,\"l\":4096}");
        device.publish(device.streamTopic("current", "get/cbor"), concat(map(3), pair("c", text("e-2")),
                pair("f", integer(0)), pair("l", integer(4096))));
        assertRejected(device.next(device.streamTopic("current", "rejected/json")), "ETagMismatch", "e-1");
        assertRejected(device.next(device.streamTopic("current", "rejected/cbor")), "ETagMismatch", "e-2");

        // UpdateStream takes the object as it is now: version 2, the new size, the new bytes
        fixture.iot.updateStream(r -> r.streamId("current").files(StreamsFixture.file(0, "current.bin", null)));
        device.publish(device.streamTopic("current", "describe/json"), "");
        var description = device.next(device.streamTopic("current", "description/json")).tree();
        assertThat(description.path("s").asInt()).isEqualTo(2);
        assertThat(description.path("r").path(0).path("z").asInt()).isEqualTo(6000);
        device.publish(device.streamTopic("current", "get/cbor"), concat(map(4), pair("s", integer(2)),
                pair("f", integer(0)), pair("l", integer(4096)), pair("o", integer(1))));
        assertThat(device.next(device.streamTopic("current", "data/cbor")).tree().path("p").binaryValue())
                .isEqualTo(Arrays.copyOfRange(replaced, 4096, 6000));

        // deleted (a delete marker is the current version): the file is gone
        fixture.s3.deleteObject(r -> r.bucket(StreamsFixture.BUCKET).key("current.bin"));
        device.publish(device.streamTopic("current", "get/json"), "{\"c\":\"e-3\",\"f\":0,\"l\":4096}");
        assertRejected(device.next(device.streamTopic("current", "rejected/json")), "ResourceNotFound", "e-3");
    }

    @Test
    void answers_go_to_the_requester_alone_which_subscribed_to_nothing() throws Exception {
        StreamDevice watcher = fixture.watcher("streams-watcher", "$aws/things/+/streams/#", "watch/marker");
        StreamDevice device = fixture.device("quiet-1");
        device.publish(device.streamTopic("fw", "describe/cbor"), new byte[0]);
        device.publish(device.streamTopic("fw", "get/json"), "{\"c\":\"q-1\",\"f\":0,\"l\":4096,\"n\":2}");
        device.publish(device.streamTopic("fw", "get/json"), "{\"c\":\"q-2\",\"f\":0,\"l\":1}");

        assertThat(device.next(device.streamTopic("fw", "description/cbor")).tree().path("s").asInt()).isEqualTo(1);
        assertThat(device.next(device.streamTopic("fw", "data/json"), 2)).extracting(a -> a.tree().path("c").asText())
                .containsOnly("q-1");
        assertRejected(device.next(device.streamTopic("fw", "rejected/json")), "BlockSizeOutOfBounds", "q-2");
        fixture.mark("watch/marker");
        watcher.next("watch/marker");
        assertThat(watcher.topics()).as("no answer reaches anyone but its requester").containsExactly("watch/marker");
        assertThat(device.topics()).hasSize(4);
    }

    @Test
    void a_request_on_another_things_stream_topic_is_refused_by_the_policy_and_answered_to_no_one() throws Exception {
        StreamDevice device = fixture.device("own-1");
        StreamDevice other = fixture.device("other-1");
        String theirs = "$aws/things/other-1/streams/fw/";

        assertThat(device.publishForCode(theirs + "describe/json", utf8("{\"c\":\"p-1\"}")))
                .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(device.publishForCode(theirs + "get/cbor", concat(map(3), pair("c", text("p-2")),
                pair("f", integer(0)), pair("l", integer(4096))))).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);

        // both still connected; each asks its own, and its own answer is all it ever got
        device.publish(device.streamTopic("fw", "describe/json"), "{\"c\":\"own\"}");
        other.publish(other.streamTopic("fw", "describe/json"), "{\"c\":\"other\"}");
        assertThat(device.next(device.streamTopic("fw", "description/json")).tree().path("c").asText())
                .isEqualTo("own");
        assertThat(other.next(other.streamTopic("fw", "description/json")).tree().path("c").asText())
                .isEqualTo("other");
        assertThat(device.topics()).containsExactly(device.streamTopic("fw", "description/json"));
        assertThat(other.topics()).containsExactly(other.streamTopic("fw", "description/json"));
    }

    @Test
    void an_mqtt_3_device_asking_on_another_things_stream_topic_is_disconnected_and_answered_nothing()
            throws Exception {
        StreamDevice device = fixture.device3("own-3");
        StreamDevice other = fixture.device("other-3");

        // MQTT 3.1.1 has no way to say no: as AWS, the broker ends the connection
        assertThatThrownBy(() -> device.publishForCode("$aws/things/other-3/streams/fw/describe/json",
                utf8("{\"c\":\"p-3\"}"))).isInstanceOf(IllegalStateException.class);
        assertThat(device.connected()).isFalse();

        other.publish(other.streamTopic("fw", "describe/json"), "{\"c\":\"other\"}");
        assertThat(other.next(other.streamTopic("fw", "description/json")).tree().path("c").asText())
                .isEqualTo("other");
        assertThat(other.topics()).containsExactly(other.streamTopic("fw", "description/json"));
        assertThat(device.topics()).isEmpty();
    }
}
