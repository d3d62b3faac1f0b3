package io.fleetline.security.policy;

/** The two distinguished names of an X.509 certificate that policy variables can read. */
public enum CertificateName {
    /** {@code iot:Certificate.Subject.*}: whom the certificate identifies. */
    SUBJECT("Subject"),
    /** {@code iot:Certificate.Issuer.*}: the CA that signed it. */
    ISSUER("Issuer");

    private final String policyName;

    CertificateName(String policyName) {
        this.policyName = policyName;
    }

    /** The name as it appears in policy variables, e.g. {@code Subject}. */
    public String policyName() {
        return policyName;
    }
}
