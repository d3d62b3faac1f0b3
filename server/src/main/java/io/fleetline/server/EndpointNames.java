package io.fleetline.server;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.security.ca.CertificateAuthority;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

/**
 * The addresses DescribeEndpoint answers. When the public host is a DNS name they are shaped as AWS's, under it:
 * {@code <prefix>-ats.iot.<region>.<host>} for {@code iot:Data-ATS}, {@code <prefix>.iot.<region>.<host>} for
 * {@code iot:Data}, {@code <prefix>.credentials.iot.<region>.<host>} and {@code <prefix>.jobs.iot.<region>.<host>},
 * the prefix 14 characters that stay the same for an account (as AWS's do); any such name reaches this server once
 * it resolves here (docs: "Endpoint names"). An IP address is answered as it is: there is no name to put it under.
 */
final class EndpointNames {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    static final int PREFIX_LENGTH = 14;

    private EndpointNames() {
    }

    /** The address of each endpoint type for an account. */
    static Map<String, String> addresses(AccountScope scope, String publicHost) {
        if (CertificateAuthority.isAddress(publicHost)) {
            return Map.of("iot:Data", publicHost, "iot:Data-ATS", publicHost, "iot:Jobs", publicHost,
                    "iot:CredentialProvider", publicHost);
        }
        String prefix = prefix(scope.accountId());
        String iot = ".iot." + scope.region() + "." + publicHost;
        return Map.of("iot:Data", prefix + iot, "iot:Data-ATS", prefix + "-ats" + iot,
                "iot:Jobs", prefix + ".jobs" + iot, "iot:CredentialProvider", prefix + ".credentials" + iot);
    }

    /**
     * The names the server's certificate must hold for devices to reach an account of {@code region} by these
     * addresses: one wildcard per shape (a wildcard covers one label, the prefix).
     */
    static List<String> certificateNames(String region, String publicHost) {
        if (CertificateAuthority.isAddress(publicHost)) {
            return List.of();
        }
        String iot = "iot." + region + "." + publicHost;
        return List.of("*." + iot, "*.jobs." + iot, "*.credentials." + iot);
    }

    /** An account's prefix: lower-case letters and digits from a hash of its id, the same at every start. */
    static String prefix(String accountId) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256")
                    .digest(("fleetline endpoint " + accountId).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        StringBuilder prefix = new StringBuilder(PREFIX_LENGTH);
        for (int i = 0; i < PREFIX_LENGTH; i++) {
            prefix.append(ALPHABET.charAt((hash[i] & 0xff) % ALPHABET.length()));
        }
        return prefix.toString();
    }
}
