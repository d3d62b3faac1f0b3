package io.fleetline.security.cert;

/**
 * Told after a certificate stops being usable (deactivated, revoked, deleted, or its CA deactivated), so the
 * broker can cut live connections that use it.
 */
@FunctionalInterface
public interface CertificateListener {
    void certificateDisabled(String certificateId);
}
