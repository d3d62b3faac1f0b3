package io.fleetline.broker.internal;

import io.fleetline.core.log.LimitedLog;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.client.parameter.ListenerType;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.packets.connect.WillPublishPacket;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundInput;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundOutput;
import io.fleetline.broker.BrokerSettings;
import io.fleetline.broker.DeviceAccount;
import io.fleetline.broker.DeviceAccounts;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.bus.DeviceMessage;
import io.fleetline.security.cert.Certificate;
import io.fleetline.security.policies.DevicePermissions;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The broker extension that applies AWS IoT's rules: a device connects only with a registered, ACTIVE
 * certificate and {@code iot:Connect} on its client id; publishes, subscriptions and deliveries need
 * {@code iot:Publish}, {@code iot:Subscribe} and {@code iot:Receive}; reserved {@code $aws/} topics are handled
 * in-process; payloads are held to AWS IoT's 128 KB.
 */
final class DeviceRules implements ExtensionMain {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeviceRules.class);
    /** Every retained publish of every device can fail the same way while the database is down. */
    private static final LimitedLog STORE_FAILED = new LimitedLog(LOG);
    static final String SESSION_ATTRIBUTE = "fleetline.session";
    /** AWS IoT allows at most seven forward slashes in a topic or filter, not counting a leading $aws/ part. */
    static final int MAX_TOPIC_SLASHES = 7;

    /** The account a connection acts in, as {@code region account}, kept with the connection from CONNECT on. */
    static final String ACCOUNT_ATTRIBUTE = "fleetline.account";

    private final DeviceAccounts accounts;
    private final DeviceSessions sessions;
    private final ReservedTopics reserved;
    private final PresenceEvents presence;
    private final OperatorBridge bridge;
    private final RetainedMessages retained;
    private final RetainedWills wills;
    /** One instance, so that {@link DeliveryChecks} can take off what they put on. */
    private final PublishOutboundInterceptor receiveCheck = this::onDelivery;

    DeviceRules(DeviceAccounts accounts, DeviceSessions sessions, ReservedTopics reserved, PresenceEvents presence,
                OperatorBridge bridge, RetainedMessages retained) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.reserved = reserved;
        this.presence = presence;
        this.bridge = bridge;
        this.retained = retained;
        this.wills = new RetainedWills(retained);
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        // once per CONNECT, off the message path: accounts, and retained wills that Fleetline publishes itself
        Services.interceptorRegistry().setConnectInboundInterceptorProvider(p -> this::onConnect);
        Services.securityRegistry().setAuthenticatorProvider(p -> (SimpleAuthenticator) this::authenticate);
        Services.securityRegistry().setAuthorizerProvider(p -> (SubscriptionAuthorizer) this::authorizeSubscribe);
        Services.initializerRegistry().setClientInitializer((init, context) -> {
            context.addPublishInboundInterceptor(this::onPublish);
            // authentication ran first and left the session it created in the connection's attributes
            Optional<String> sessionId = init.getConnectionInformation().getConnectionAttributeStore()
                    .getAsString(SESSION_ATTRIBUTE);
            Optional<DeviceSession> session = sessions.get(init.getClientInformation().getClientId())
                    .filter(s -> sessionId.isPresent() && s.sessionId().equals(sessionId.get()));
            if (session.isEmpty()) {
                context.addPublishOutboundInterceptor(receiveCheck);  // whatever happened, never deliver unchecked
            } else {
                session.get().deliveryChecks().attach(context);
                session.get().dollarTopics().ifPresent(d -> d.initialized(session.get().clientId()));
                session.get().ownSubscriptions().initialized(session.get().clientId(), session.get().account());
                DeviceAccount account = session.get().account();
                if (account.namespaced()) {
                    // the device names topics without its account's namespace; the broker always with it
                    context.addSubscribeInboundInterceptor((in, out) -> out.getSubscribePacket().getSubscriptions()
                            .forEach(sub -> sub.setTopicFilter(insideFilter(account, sub.getTopicFilter()))));
                    context.addPublishOutboundInterceptor((in, out) -> out.getPublishPacket()
                            .setTopic(account.outside(in.getPublishPacket().getTopic())));
                }
            }
            context.addUnsubscribeInboundInterceptor((in, out) -> sessions.get(in.getClientInformation().getClientId())
                    .ifPresent(s -> {
                        List<String> filters = in.getUnsubscribePacket().getTopicFilters();
                        s.receiveGate().ifPresent(gate -> gate.unsubscribed(filters));
                        s.dollarTopics().ifPresent(d -> d.unsubscribed(filters));
                        s.ownSubscriptions().unsubscribed(filters);
                        presence.subscriptions(s, false, filters);
                        if (s.account().namespaced()) {
                            out.getUnsubscribePacket().setTopicFilters(filters.stream()
                                    .map(f -> insideFilter(s.account(), f)).toList());
                        }
                    }));
        });
        Services.eventRegistry().setClientLifecycleEventListener(p -> new SessionLifecycle(sessions, presence, wills));
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        // sessions end with the broker
    }

    /**
     * Before anything else sees a CONNECT: when accounts share the broker, decides the connection's account and puts
     * the client id and will into its namespace; then takes a retained will out, for {@link RetainedWills}.
     */
    private void onConnect(ConnectInboundInput input, ConnectInboundOutput output) {
        ConnectionAttributeStore attributes = input.getConnectionInformation().getConnectionAttributeStore();
        var packet = output.getConnectPacket();
        if (accounts.home().namespaced()) {
            Optional<DeviceAccount> account = accountOf(input.getConnectionInformation());
            if (account.isEmpty()) {
                return;  // authentication refuses it
            }
            attributes.putAsString(ACCOUNT_ATTRIBUTE, account.get().scope().region() + " "
                    + account.get().scope().accountId());
            if (account.get().namespaced()) {
                packet.setClientId(account.get().inside(packet.getClientId()));
                packet.getModifiableWillPublish().ifPresent(will -> will.setTopic(account.get().inside(will.getTopic())));
            }
        }
        wills.take(attributes, input.getConnectPacket(), packet);
    }

    /** The development plain listener is the home account's; a certificate's account is where it is registered. */
    private Optional<DeviceAccount> accountOf(ConnectionInformation connection) {
        if (plainListener(connection)) {
            return Optional.of(accounts.home());
        }
        Optional<X509Certificate> presented = presented(connection);
        if (presented.isEmpty()) {
            return Optional.empty();
        }
        Optional<AccountScope> operatorAccount = bridge.accountOf(presented.get());
        if (operatorAccount.isPresent()) {
            return Optional.of(accounts.of(operatorAccount.get()));
        }
        return accounts.holding(presented.get());
    }

    private static boolean plainListener(ConnectionInformation connection) {
        return connection.getListener().filter(l -> l.getListenerType() == ListenerType.TCP_LISTENER).isPresent();
    }

    /** The certificate a TLS client presented, if any. */
    private static Optional<X509Certificate> presented(ConnectionInformation connection) {
        return connection.getClientTlsInformation().flatMap(ClientTlsInformation::getClientCertificateChain)
                .filter(chain -> chain.length > 0).map(chain -> chain[0]);
    }

    private Optional<DeviceAccount> recordedAccount(ConnectionInformation connection) {
        if (!accounts.home().namespaced()) {
            return Optional.of(accounts.home());  // one account: nothing to decide, nothing to look up twice
        }
        return connection.getConnectionAttributeStore().getAsString(ACCOUNT_ATTRIBUTE).map(text -> {
            String[] parts = text.split(" ");
            return accounts.of(new AccountScope(parts[0], parts[1]));
        }).or(() -> accountOf(connection));
    }

    private void authenticate(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectionInformation connection = input.getConnectionInformation();
        String clientId = input.getClientInformation().getClientId();
        boolean mqtt5 = connection.getMqttVersion() == MqttVersion.V_5;
        String sessionId = UUID.randomUUID().toString();
        // the will HiveMQ keeps, or a retained one taken out of the CONNECT for Fleetline to publish
        Optional<WillPublishPacket> retainedWill = wills.claim(connection.getConnectionAttributeStore());
        Optional<WillPublishPacket> will = input.getConnectPacket().getWillPublish().or(() -> retainedWill);
        Optional<DeviceAccount> found = recordedAccount(connection);
        if (found.isEmpty()) {
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "The certificate is not registered or not active");
            return;
        }
        DeviceAccount account = found.get();
        String deviceClientId = account.outside(clientId);
        Optional<X509Certificate> presented = presented(connection);
        // an operator's session carried in by Fleetline itself (SigV4 WebSocket) has operator rights, as on AWS
        boolean operator = presented.filter(bridge::isBridge).isPresent();
        boolean filtersKnown = input.getConnectPacket().getCleanStart();
        if (plainListener(connection) || operator) {
            // the plain listener exists only for local development: no identity, no policy
            DeliveryChecks checks = new DeliveryChecks(receiveCheck);
            admit(new DeviceSession(clientId, account, Optional.empty(), DeviceSessions.unrestricted(),
                    sessions.generation(), sessionId, mqtt5, checks, Optional.empty(),
                    dollarTopics(account, checks, filtersKnown), new ReplyFilters(),
                    new OwnSubscriptions(filtersKnown)), input.getConnectPacket(), retainedWill, connection, output);
            return;
        }
        Optional<Certificate> certificate = presented.flatMap(account.certificates()::usableCertificate);
        if (certificate.isEmpty()) {
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "The certificate is not registered or not active");
            return;
        }
        AccountScope scope = account.scope();
        long generation = sessions.generation();
        DevicePermissions permissions = account.authorization().permissions(certificate.get(), deviceClientId);
        if (!permissions.allows("iot:Connect", scope.arn(ResourceType.CLIENT, deviceClientId))) {
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "Not authorized to connect as " + deviceClientId);
            return;
        }
        // the broker publishes a will later on the device's behalf, so the device must be allowed to publish it now
        Optional<String> forbiddenWill = will
                .filter(w -> !willAllowed(permissions, scope, account.outside(w.getTopic()), w.getRetain()))
                .map(w -> account.outside(w.getTopic()));
        if (forbiddenWill.isPresent()) {
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "Not authorized to publish the will message to "
                    + forbiddenWill.get());
            return;
        }
        DeliveryChecks checks = new DeliveryChecks(receiveCheck);
        ReceiveGate gate = new ReceiveGate(checks, scope.arn(ResourceType.TOPIC, ""), filtersKnown);
        admit(new DeviceSession(clientId, account, certificate, permissions, generation, sessionId, mqtt5, checks,
                Optional.of(gate), dollarTopics(account, checks, filtersKnown), new ReplyFilters(),
                new OwnSubscriptions(filtersKnown)), input.getConnectPacket(), retainedWill, connection, output);
    }

    private void admit(DeviceSession session, ConnectPacket connect, Optional<WillPublishPacket> retainedWill,
                       ConnectionInformation connection, SimpleAuthOutput output) {
        sessions.put(session);
        wills.authenticated(session.clientId(), session.sessionId(), retainedWill, connect.getSessionExpiryInterval());
        connection.getConnectionAttributeStore().putAsString(SESSION_ATTRIBUTE, session.sessionId());
        output.authenticateSuccessfully();
    }

    /** An account in a namespace keeps its {@code $} topics apart by their names; one without looks at deliveries. */
    private static Optional<DollarTopics> dollarTopics(DeviceAccount account, DeliveryChecks checks, boolean known) {
        return account.namespaced() ? Optional.empty() : Optional.of(new DollarTopics(checks, known));
    }

    private static int payloadSize(com.hivemq.extension.sdk.api.packets.publish.PublishPacket packet) {
        return packet.getPayload().map(ByteBuffer::remaining).orElse(0);
    }

    private static boolean willAllowed(DevicePermissions permissions, AccountScope scope, String topic, boolean retain) {
        String arn = scope.arn(ResourceType.TOPIC, topic);
        return permissions.allows("iot:Publish", arn) && !tooDeep(topic)
                && (!retain || permissions.allows("iot:RetainPublish", arn));
    }

    /** A filter in the account's namespace; a shared subscription keeps its {@code $share/group/} in front. */
    static String insideFilter(DeviceAccount account, String filter) {
        if (!account.namespaced()) {
            return filter;
        }
        if (filter.startsWith("$share/")) {
            int group = filter.indexOf('/', "$share/".length());
            if (group > 0) {
                return filter.substring(0, group + 1) + account.inside(filter.substring(group + 1));
            }
        }
        return account.inside(filter);
    }

    /** The filter as the device named it. */
    static String outsideFilter(DeviceAccount account, String filter) {
        if (filter.startsWith("$share/")) {
            int group = filter.indexOf('/', "$share/".length());
            if (group > 0) {
                return filter.substring(0, group + 1) + account.outside(filter.substring(group + 1));
            }
        }
        return account.outside(filter);
    }

    private void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        String clientId = input.getClientInformation().getClientId();
        Optional<DeviceSession> subscriber = sessions.get(clientId);
        DeviceAccount account = subscriber.map(DeviceSession::account).orElse(accounts.home());
        // whether the namespace is on yet depends on the order HiveMQ runs interceptors and authorizers in
        String filter = outsideFilter(account, input.getSubscription().getTopicFilter());
        if (!tooDeep(filter) && allowed(clientId, "iot:Subscribe", account.scope().arn(ResourceType.TOPIC_FILTER, filter))) {
            // gated before it is acknowledged: no delivery under the filter can come earlier
            sessions.get(clientId).ifPresent(s -> {
                s.receiveGate().ifPresent(gate ->
                        gate.subscribed(filter, sessions.permissions(clientId).orElse(s.permissions())));
                s.dollarTopics().ifPresent(d -> d.subscribed(filter));
                s.ownSubscriptions().subscribed(filter, input.getSubscription().getQos().getQosNumber());
            });
            output.authorizeSuccessfully();
            sessions.get(clientId).ifPresent(s -> presence.subscriptions(s, true, List.of(filter)));
        } else {
            output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "Not authorized to subscribe to " + filter);
        }
    }

    private void onPublish(PublishInboundInput input, PublishInboundOutput output) {
        String clientId = input.getClientInformation().getClientId();
        int size = payloadSize(input.getPublishPacket());
        if (size > BrokerSettings.MAX_PAYLOAD_BYTES) {
            refuseOversize(clientId, output, size);
            return;
        }
        Optional<DeviceSession> publisher = sessions.get(clientId);
        DeviceAccount account = publisher.map(DeviceSession::account).orElse(accounts.home());
        String topic = input.getPublishPacket().getTopic();
        String topicArn = account.scope().arn(ResourceType.TOPIC, topic);
        if (tooDeep(topic)) {
            deny(clientId, output, "A topic can have at most " + MAX_TOPIC_SLASHES + " forward slashes: " + topic);
            return;
        }
        if (!allowed(clientId, "iot:Publish", topicArn)) {
            deny(clientId, output, "Not authorized to publish to " + topic);
            return;
        }
        if (input.getPublishPacket().getRetain() && !allowed(clientId, "iot:RetainPublish", topicArn)) {
            deny(clientId, output, "Not authorized to publish retained messages to " + topic);
            return;
        }
        String brokerTopic = account.inside(topic);
        if (topic.startsWith("$")) {
            Optional<io.fleetline.core.bus.DeviceMessageHandler> handler = reserved.handlerFor(brokerTopic);
            if (handler.isEmpty()) {
                deny(clientId, output, "Publishing to the reserved topic " + topic + " is not allowed");
                return;
            }
            output.preventPublishDelivery(AckReasonCode.SUCCESS);
            reserved.dispatch(handler.get(), new DeviceMessage(account.outside(clientId), brokerTopic, payload(input),
                    input.getPublishPacket().getQos().getQosNumber()));
            return;
        }
        if (account.namespaced()) {
            output.getPublishPacket().setTopic(brokerTopic);
        }
        if (input.getPublishPacket().getRetain()) {
            try {
                retained.keep(brokerTopic, payload(input), input.getPublishPacket().getQos().getQosNumber());
            } catch (RuntimeException e) {
                // not durable, so not acknowledged: the device publishes again
                STORE_FAILED.error("could not store the retained message on {} from {}", topic, clientId, e);
                output.preventPublishDelivery(AckReasonCode.UNSPECIFIED_ERROR, "The retained message could not be stored");
            }
        }
    }

    private static byte[] payload(PublishInboundInput input) {
        ByteBuffer payload = input.getPublishPacket().getPayload().orElse(ByteBuffer.allocate(0));
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return bytes;
    }

    /**
     * AWS IoT refuses a payload over 128 KB by ending the connection, MQTT 5 or not; an MQTT 5 client hears why
     * (0x97, quota exceeded: within the packet size the broker announces, the payload is still too large).
     */
    private static void refuseOversize(String clientId, PublishInboundOutput output, int size) {
        String reason = "The payload of " + size + " bytes is larger than " + BrokerSettings.MAX_PAYLOAD_BYTES + " bytes";
        output.preventPublishDelivery(AckReasonCode.QUOTA_EXCEEDED, reason);
        Services.clientService().disconnectClient(clientId, false, DisconnectReasonCode.QUOTA_EXCEEDED, reason);
    }

    /** MQTT 5 clients get PUBACK 0x87 and stay connected; MQTT 3 has no way to say no, so AWS disconnects them. */
    private void deny(String clientId, PublishInboundOutput output, String reason) {
        output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, reason);
        boolean mqtt5 = sessions.get(clientId).map(DeviceSession::mqtt5).orElse(false);
        if (!mqtt5) {
            Services.clientService().disconnectClient(clientId);
        }
    }

    /**
     * The look at a delivery, on connections whose {@link DeliveryChecks} ask for it: a {@code $} topic only under a
     * filter that does not start with a wildcard ({@link DollarTopics}), and the per-message {@code iot:Receive}.
     */
    private void onDelivery(PublishOutboundInput input, PublishOutboundOutput output) {
        String clientId = input.getClientInformation().getClientId();
        Optional<DeviceSession> receiver = sessions.get(clientId);
        DeviceAccount account = receiver.map(DeviceSession::account).orElse(accounts.home());
        String topic = account.outside(input.getPublishPacket().getTopic());
        Optional<DollarTopics> dollar = receiver.flatMap(DeviceSession::dollarTopics);
        if (dollar.isEmpty() || !topic.startsWith("$")) {
            decideDelivery(clientId, account, topic, true, output);
            return;
        }
        CompletableFuture<Boolean> matched = dollar.get().delivers(topic);
        if (matched.isDone()) {
            decideDelivery(clientId, account, topic, matched.join(), output);
            return;
        }
        // a resumed session's filters are still being read: this delivery waits for them
        Async<PublishOutboundOutput> waiting = output.async(Duration.ofSeconds(10), TimeoutFallback.FAILURE);
        matched.whenComplete((yes, failed) -> {
            decideDelivery(clientId, account, topic, Boolean.TRUE.equals(yes), output);
            waiting.resume();
        });
    }

    private void decideDelivery(String clientId, DeviceAccount account, String topic, boolean matched,
                                PublishOutboundOutput output) {
        if (!matched || !allowed(clientId, "iot:Receive", account.scope().arn(ResourceType.TOPIC, topic))) {
            output.preventPublishDelivery();
        }
        sessions.get(clientId).ifPresent(s -> s.receiveGate().ifPresent(gate ->
                gate.tryRelease(s.permissions(), s.generation(), sessions.generation())));
    }

    private boolean allowed(String clientId, String action, String resourceArn) {
        return sessions.allows(clientId, action, resourceArn);
    }

    /** Forgets what is kept about sessions that a reset ended: their version numbers, their retained wills. */
    void forgetSessions() {
        presence.forget();
        wills.forget();
    }

    /** These clients are about to be cut off without their wills. */
    void preventWills(Collection<String> clientIds) {
        wills.prevent(clientIds);
    }

    /** The broker stops: no retained will is published from now on. */
    void stop() {
        wills.stop();
    }

    static boolean tooDeep(String topic) {
        String counted = topic.startsWith("$aws/") ? topic.substring("$aws/".length()) : topic;
        return counted.chars().filter(c -> c == '/').count() > MAX_TOPIC_SLASHES;
    }
}
