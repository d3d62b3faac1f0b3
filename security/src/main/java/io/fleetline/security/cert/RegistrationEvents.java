package io.fleetline.security.cert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.core.bus.MessageBus;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

/**
 * Just-in-time registration of an account: a device certificate registered (or found PENDING_ACTIVATION) when it
 * tried to connect is announced on {@code $aws/events/certificates/registered/<caCertificateId>}, with the fields
 * the AWS IoT Developer Guide shows, after the registration is committed. Whoever listens there activates it and
 * attaches a policy; the device is refused meanwhile and connects on a later attempt.
 */
public final class RegistrationEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CertificateService certificates;
    private final MessageBus bus;
    private final String accountId;
    private final Clock clock;

    public RegistrationEvents(CertificateService certificates, MessageBus bus, String accountId, Clock clock) {
        this.certificates = certificates;
        this.bus = bus;
        this.accountId = accountId;
        this.clock = clock;
    }

    /**
     * Registers the presented certificate just in time if this account's CAs allow it, and announces it.
     *
     * @return whether this account took the certificate
     */
    public boolean tryRegister(List<X509Certificate> chain) {
        return certificates.autoRegister(chain).map(this::announce).isPresent();
    }

    private Certificate announce(Certificate certificate) {
        String caId = certificate.caCertificateId().orElseThrow();
        ObjectNode event = JSON.createObjectNode();
        event.put("certificateId", certificate.id());
        event.put("caCertificateId", caId);
        event.put("timestamp", clock.millis());
        event.put("certificateStatus", certificate.status().name());
        event.put("awsAccountId", accountId);
        // the guide quotes this one, unlike timestamp: epoch milliseconds as a string
        event.put("certificateRegistrationTimestamp", Long.toString(certificate.creationDate().toEpochMilli()));
        bus.publish("$aws/events/certificates/registered/" + caId, event.toString().getBytes(StandardCharsets.UTF_8),
                1, false);
        return certificate;
    }
}
