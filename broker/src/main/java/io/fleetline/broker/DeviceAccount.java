package io.fleetline.broker;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.security.cert.CertificateService;
import io.fleetline.security.policies.AuthorizationService;

/**
 * The account an MQTT connection acts in: its region and account id, that account's certificates and policies, and
 * the namespace its topics and client ids take inside the one broker that every account shares.
 *
 * <p>A server of one account uses no namespace: its devices see the broker exactly as AWS shows it. When accounts
 * share the broker (permissive mode) every account, the server's own included, lives in a namespace, so that no
 * filter of one account, {@code #} included, can match another's topics: {@code fleetline/<account>/<region>/...}
 * for ordinary topics and {@code fleetline$/<account>/<region>/...} for those a device names with a leading
 * {@code $} (HiveMQ refuses a client's PUBLISH to a topic starting with {@code $}, and a separate tree keeps
 * {@code #} from matching {@code $aws/...} topics, as MQTT says it must not).
 */
public record DeviceAccount(AccountScope scope, CertificateService certificates, AuthorizationService authorization,
                            String namespace) {
    static final String TOPICS = "fleetline/";
    static final String DOLLAR_TOPICS = "fleetline$/";

    /** The account, in a namespace of its own when {@code shared} (other accounts use the broker too). */
    public static DeviceAccount of(AccountScope scope, CertificateService certificates,
                                   AuthorizationService authorization, boolean shared) {
        return new DeviceAccount(scope, certificates, authorization,
                shared ? scope.accountId() + "/" + scope.region() + "/" : "");
    }

    public boolean namespaced() {
        return !namespace.isEmpty();
    }

    /** The broker's name for a topic, filter or client id the device uses. */
    public String inside(String deviceName) {
        if (namespace.isEmpty()) {
            return deviceName;
        }
        return deviceName.startsWith("$") ? DOLLAR_TOPICS + namespace + deviceName.substring(1)
                : TOPICS + namespace + deviceName;
    }

    /** The device's name for a topic, filter or client id of the broker's. */
    public String outside(String brokerName) {
        if (namespace.isEmpty()) {
            return brokerName;
        }
        if (brokerName.startsWith(DOLLAR_TOPICS + namespace)) {
            return "$" + brokerName.substring(DOLLAR_TOPICS.length() + namespace.length());
        }
        if (brokerName.startsWith(TOPICS + namespace)) {
            return brokerName.substring(TOPICS.length() + namespace.length());
        }
        return brokerName;
    }

    /** The topic as its account's devices name it, whichever account's namespace it is in. */
    public static String withoutNamespace(String brokerTopic) {
        boolean dollar = brokerTopic.startsWith(DOLLAR_TOPICS);
        if (!dollar && !brokerTopic.startsWith(TOPICS)) {
            return brokerTopic;
        }
        int levels = 0;
        for (int i = 0; i < brokerTopic.length(); i++) {
            if (brokerTopic.charAt(i) == '/' && ++levels == 3) {
                return (dollar ? "$" : "") + brokerTopic.substring(i + 1);
            }
        }
        return brokerTopic;
    }
}
