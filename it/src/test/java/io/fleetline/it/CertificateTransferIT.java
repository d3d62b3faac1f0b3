package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.server.config.AuthMode;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateDescription;
import software.amazon.awssdk.services.iot.model.CertificateStateException;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.TransferAlreadyCompletedException;
import software.amazon.awssdk.services.iot.model.TransferConflictException;

/** TransferCertificate and its accept, reject and cancel between two accounts of a permissive server. */
class CertificateTransferIT {
    static final String SOURCE = "111111111111";
    static final String TARGET = "222222222222";

    @TempDir
    Path dir;

    private TestServer start(Store store) {
        return TestServer.start(store, dir, Clock.systemUTC(), c -> c
                .withAccount(a -> a.withAuth(AuthMode.PERMISSIVE).withScope(new AccountScope("us-east-1", "123456789012")))
                .withMqtt(m -> m.withPort(0)));
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void an_accepted_certificate_leaves_the_source_and_connects_a_device_in_the_target(Store store) throws Exception {
        try (TestServer server = start(store);
             IotClient source = PermissiveAccountsIT.iot(server, SOURCE, "us-east-1");
             IotClient target = PermissiveAccountsIT.iot(server, TARGET, "us-east-1")) {
            assertThat(target.listCertificates().certificates()).isEmpty();  // the target has called: it is served
            CreateKeysAndCertificateResponse keys = source.createKeysAndCertificate(r -> r.setAsActive(false));
            String id = keys.certificateId();

            String arn = source.transferCertificate(r -> r.certificateId(id).targetAwsAccount(TARGET)
                    .transferMessage("the new owner")).transferredCertificateArn();

            assertThat(arn).isEqualTo(keys.certificateArn());
            CertificateDescription offered = source.describeCertificate(r -> r.certificateId(id)).certificateDescription();
            assertThat(offered.status()).isEqualTo(CertificateStatus.PENDING_TRANSFER);
            assertThat(offered.ownedBy()).isEqualTo(SOURCE);
            assertThat(offered.transferData().transferMessage()).isEqualTo("the new owner");
            assertThat(offered.transferData().transferDate()).isNotNull();
            assertThat(offered.transferData().acceptDate()).isNull();
            var outgoing = source.listOutgoingCertificates(r -> { }).outgoingCertificates();
            assertThat(outgoing).singleElement().satisfies(o -> {
                assertThat(o.certificateId()).isEqualTo(id);
                assertThat(o.transferredTo()).isEqualTo(TARGET);
                assertThat(o.transferMessage()).isEqualTo("the new owner");
            });
            assertThat(target.listCertificates().certificates()).singleElement().satisfies(c -> {
                assertThat(c.certificateId()).isEqualTo(id);
                assertThat(c.status()).isEqualTo(CertificateStatus.PENDING_TRANSFER);
            });
            assertThat(target.describeCertificate(r -> r.certificateId(id)).certificateDescription().ownedBy())
                    .isEqualTo(SOURCE);

            target.acceptCertificateTransfer(r -> r.certificateId(id).setAsActive(true));

            CertificateDescription moved = target.describeCertificate(r -> r.certificateId(id)).certificateDescription();
            assertThat(moved.status()).isEqualTo(CertificateStatus.ACTIVE);
            assertThat(moved.ownedBy()).isEqualTo(TARGET);
            assertThat(moved.previousOwnedBy()).isEqualTo(SOURCE);
            assertThat(moved.certificateArn()).isEqualTo("arn:aws:iot:us-east-1:" + TARGET + ":cert/" + id);
            assertThat(moved.transferData().acceptDate()).isNotNull();
            assertThat(source.listCertificates().certificates()).isEmpty();
            assertThat(source.listOutgoingCertificates(r -> { }).outgoingCertificates()).isEmpty();
            assertThatThrownBy(() -> source.describeCertificate(r -> r.certificateId(id)))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> target.acceptCertificateTransfer(r -> r.certificateId(id)))
                    .isInstanceOf(TransferAlreadyCompletedException.class);

            target.createPolicy(r -> r.policyName("fleet").policyDocument(
                    RetainedMessagesIT.POLICY.replace("000000000000", TARGET)));
            target.attachPolicy(r -> r.policyName("fleet").target(moved.certificateArn()));
            DeviceIdentity device = new DeviceIdentity(moved.certificateArn(), id, keys.certificatePem(),
                    keys.keyPair().privateKey());
            Mqtt5BlockingClient client = RetainedMessagesIT.client(server, device, "moved-device");
            client.connect();
            try {
                client.publishWith().topic("fleet/hello").qos(MqttQos.AT_LEAST_ONCE)
                        .payload("from the target".getBytes(StandardCharsets.UTF_8)).send();
            } finally {
                client.disconnect();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void accounts_of_an_earlier_process_are_served_before_they_call_again(Store store) throws Exception {
        TestServer server = start(store);
        try {
            CreateKeysAndCertificateResponse deviceKeys;
            String offered;
            try (IotClient source = PermissiveAccountsIT.iot(server, SOURCE, "us-east-1");
                 IotClient target = PermissiveAccountsIT.iot(server, TARGET, "us-east-1")) {
                target.listCertificates();
                deviceKeys = source.createKeysAndCertificate(r -> r.setAsActive(true));
                source.createPolicy(r -> r.policyName("fleet").policyDocument(
                        RetainedMessagesIT.POLICY.replace("000000000000", SOURCE)));
                source.attachPolicy(r -> r.policyName("fleet").target(deviceKeys.certificateArn()));
                offered = source.createKeysAndCertificate(r -> r.setAsActive(false)).certificateId();
                source.transferCertificate(r -> r.certificateId(offered).targetAwsAccount(TARGET));
            }
            server = server.restart();

            // neither account has called this process: the device's certificate is found in its account all the same
            Mqtt5BlockingClient client = RetainedMessagesIT.client(server, new DeviceIdentity(
                    deviceKeys.certificateArn(), deviceKeys.certificateId(), deviceKeys.certificatePem(),
                    deviceKeys.keyPair().privateKey()), "device-of-the-source");
            client.connect();
            client.disconnect();
            // and the target takes the offer of a source that has not called either
            try (IotClient target = PermissiveAccountsIT.iot(server, TARGET, "us-east-1")) {
                target.acceptCertificateTransfer(r -> r.certificateId(offered));
                assertThat(target.describeCertificate(r -> r.certificateId(offered)).certificateDescription()
                        .previousOwnedBy()).isEqualTo(SOURCE);
            }
        } finally {
            server.close();
        }
    }

    @Test
    void a_rejected_or_cancelled_transfer_leaves_the_certificate_inactive_in_the_source() {
        try (TestServer server = start(Store.SQLITE);
             IotClient source = PermissiveAccountsIT.iot(server, SOURCE, "us-east-1");
             IotClient target = PermissiveAccountsIT.iot(server, TARGET, "us-east-1")) {
            target.listCertificates();
            String rejected = source.createKeysAndCertificate(r -> r.setAsActive(false)).certificateId();
            String cancelled = source.createKeysAndCertificate(r -> r.setAsActive(false)).certificateId();
            source.transferCertificate(r -> r.certificateId(rejected).targetAwsAccount(TARGET).transferMessage("one"));
            source.transferCertificate(r -> r.certificateId(cancelled).targetAwsAccount(TARGET));
            assertThat(source.listOutgoingCertificates(r -> r.ascendingOrder(true)).outgoingCertificates())
                    .extracting(o -> o.certificateId()).containsExactly(rejected, cancelled);

            target.rejectCertificateTransfer(r -> r.certificateId(rejected).rejectReason("not ours"));
            assertThatThrownBy(() -> target.cancelCertificateTransfer(r -> r.certificateId(cancelled)))
                    .as("only the source cancels").isInstanceOf(InvalidRequestException.class);
            source.cancelCertificateTransfer(r -> r.certificateId(cancelled));

            CertificateDescription back = source.describeCertificate(r -> r.certificateId(rejected))
                    .certificateDescription();
            assertThat(back.status()).isEqualTo(CertificateStatus.INACTIVE);
            assertThat(back.transferData().rejectReason()).isEqualTo("not ours");
            assertThat(back.transferData().rejectDate()).isNotNull();
            assertThat(back.transferData().transferMessage()).isEqualTo("one");
            assertThat(source.describeCertificate(r -> r.certificateId(cancelled)).certificateDescription().status())
                    .isEqualTo(CertificateStatus.INACTIVE);
            assertThat(target.listCertificates().certificates()).isEmpty();
            assertThat(source.listOutgoingCertificates(r -> { }).outgoingCertificates()).isEmpty();
            assertThatThrownBy(() -> target.acceptCertificateTransfer(r -> r.certificateId(rejected)))
                    .isInstanceOf(TransferAlreadyCompletedException.class);
            assertThatThrownBy(() -> source.cancelCertificateTransfer(r -> r.certificateId(rejected)))
                    .isInstanceOf(TransferAlreadyCompletedException.class);
            assertThatThrownBy(() -> target.acceptCertificateTransfer(r -> r.certificateId(cancelled)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void transfers_are_refused_as_aws_refuses_them() {
        try (TestServer server = start(Store.SQLITE);
             IotClient source = PermissiveAccountsIT.iot(server, SOURCE, "us-east-1");
             IotClient target = PermissiveAccountsIT.iot(server, TARGET, "us-east-1")) {
            String active = source.createKeysAndCertificate(r -> r.setAsActive(true)).certificateId();
            assertThatThrownBy(() -> source.transferCertificate(r -> r.certificateId(active).targetAwsAccount(TARGET)))
                    .isInstanceOf(CertificateStateException.class);

            var withPolicy = source.createKeysAndCertificate(r -> r.setAsActive(false));
            source.createPolicy(r -> r.policyName("p").policyDocument(RetainedMessagesIT.POLICY));
            source.attachPolicy(r -> r.policyName("p").target(withPolicy.certificateArn()));
            assertThatThrownBy(() -> source.transferCertificate(r -> r.certificateId(withPolicy.certificateId())
                    .targetAwsAccount(TARGET))).isInstanceOf(TransferConflictException.class);

            String id = source.createKeysAndCertificate(r -> r.setAsActive(false)).certificateId();
            assertThatThrownBy(() -> source.transferCertificate(r -> r.certificateId(id).targetAwsAccount(SOURCE)))
                    .as("to its own account").isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> target.transferCertificate(r -> r.certificateId(id).targetAwsAccount(SOURCE)))
                    .as("another account's certificate").isInstanceOf(ResourceNotFoundException.class);

            source.transferCertificate(r -> r.certificateId(id).targetAwsAccount(TARGET));
            assertThatThrownBy(() -> source.updateCertificate(r -> r.certificateId(id).newStatus(CertificateStatus.ACTIVE)))
                    .as("a certificate pending transfer cannot be activated").isInstanceOf(CertificateStateException.class);
            assertThatThrownBy(() -> source.updateCertificate(r -> r.certificateId(active)
                    .newStatus(CertificateStatus.PENDING_TRANSFER))).isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> source.deleteCertificate(r -> r.certificateId(id)))
                    .isInstanceOf(CertificateStateException.class);
            assertThatThrownBy(() -> source.acceptCertificateTransfer(r -> r.certificateId(id)))
                    .as("the source cannot accept its own offer").isInstanceOf(InvalidRequestException.class);
        }
    }
}
