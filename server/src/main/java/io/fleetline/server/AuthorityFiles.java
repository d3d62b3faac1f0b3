package io.fleetline.server;

import io.fleetline.security.ca.CertificateAuthority;
import io.fleetline.security.ca.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Fleetline's CA and the server's TLS certificate as files in the data directory: {@code ca/ca.pem} (give it
 * to devices), {@code ca/ca.key} (owner-only), {@code tls/server.pem} and {@code tls/server.key}. Made on
 * first start, then reused, so devices keep trusting the same CA.
 */
final class AuthorityFiles {
    static final String CA_CERT = "ca/ca.pem";
    static final String CA_KEY = "ca/ca.key";
    static final String SERVER_CERT = "tls/server.pem";
    static final String SERVER_KEY = "tls/server.key";

    private AuthorityFiles() {
    }

    static CertificateAuthority loadOrCreate(DataDirectory dir, Instant now) {
        Path cert = dir.root().resolve(CA_CERT);
        Path key = dir.root().resolve(CA_KEY);
        try {
            if (Files.exists(cert) && Files.exists(key)) {
                return CertificateAuthority.of(Pem.certificate(Files.readString(cert)), Pem.privateKey(Files.readString(key)));
            }
        } catch (IOException | RuntimeException e) {
            throw new StartupException("cannot read the CA in " + cert.getParent() + " (" + e.getMessage() + ")", e);
        }
        CertificateAuthority ca = CertificateAuthority.generate("Fleetline CA", now);
        dir.write(CA_KEY, Pem.write(ca.privateKey()), true);
        dir.write(CA_CERT, Pem.write(ca.certificate()), false);
        return ca;
    }

    /**
     * Issues the server certificate for the names clients use to reach this server when it is missing, or when it
     * lacks one of them (the public host changed): devices trust the CA, so a new server certificate needs nothing of
     * them.
     */
    static void ensureServerCertificate(DataDirectory dir, CertificateAuthority ca, List<String> hosts, Instant now) {
        Path cert = dir.root().resolve(SERVER_CERT);
        if (Files.exists(cert) && Files.exists(dir.root().resolve(SERVER_KEY)) && holdsAll(cert, hosts)) {
            return;
        }
        KeyPair keys = CertificateAuthority.newKeyPair();
        X509Certificate server = ca.issueServer(keys.getPublic(), hosts, now);
        dir.write(SERVER_KEY, Pem.write(keys.getPrivate()), true);
        dir.write(SERVER_CERT, Pem.write(server) + Pem.write(ca.certificate()), false);
    }

    /** Whether the certificate in {@code file} names every host (an unreadable one does not). */
    private static boolean holdsAll(Path file, List<String> hosts) {
        try {
            X509Certificate certificate = Pem.certificate(Files.readString(file));
            Set<String> names = new HashSet<>();
            var alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                alternatives.forEach(name -> names.add(normal(String.valueOf(name.get(1)))));
            }
            return hosts.stream().allMatch(host -> names.contains(normal(host)));
        } catch (IOException | java.security.cert.CertificateParsingException | RuntimeException e) {
            return false;
        }
    }

    /** A name as compared: an address in one spelling ({@code ::1} as {@code 0:0:0:0:0:0:0:1}), a name lower-cased. */
    private static String normal(String name) {
        if (CertificateAuthority.isAddress(name)) {
            try {
                return java.net.InetAddress.getByName(name).getHostAddress();  // a literal: no lookup
            } catch (java.net.UnknownHostException e) {
                return name;
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
