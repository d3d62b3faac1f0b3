package io.fleetline.agent.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM as OpenSSL and AWS IoT write it, read with the JDK alone: certificates, and unencrypted private keys in the
 * three forms OpenSSL writes. The JDK reads PKCS#8 only, so a SEC 1 or PKCS#1 key is wrapped in the PKCS#8 structure
 * first (its algorithm identifier, then the key as it was): a few bytes of DER, no ASN.1 library.
 */
public final class PemText {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\R?(.*?)-----END \\1-----", Pattern.DOTALL);
    /** 1.2.840.113549.1.1.1 and NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** 1.2.840.10045.2.1, the algorithm of an EC key; its curve follows. */
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};
    private static final int SEQUENCE = 0x30;
    private static final int OCTET_STRING = 0x04;
    private static final int OBJECT_IDENTIFIER = 0x06;
    private static final int PARAMETERS_TAG = 0xa0;

    private record Block(String label, String body) {
        boolean hasHeaders() {
            return body.contains(":");
        }

        byte[] der() throws GeneralSecurityException {
            try {
                return Base64.getMimeDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException("the " + label + " PEM block is not base64");
            }
        }
    }

    private PemText() {
    }

    /**
     * Every {@code CERTIFICATE} block of a PEM text, in order; {@code what} names them in the error when there is
     * none.
     */
    public static List<X509Certificate> certificates(String pem, String what) throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certificates = new ArrayList<>();
        for (Block block : blocks(pem)) {
            if (block.label().equals("CERTIFICATE")) {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            }
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("the " + what + " PEM text holds no certificate");
        }
        return certificates;
    }

    /** The first private key of a PEM text: PKCS#8, SEC 1 (EC) or PKCS#1 (RSA), unencrypted. */
    public static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        Optional<byte[]> curve = Optional.empty();
        for (Block block : blocks(pem)) {
            if (block.label().equals("ENCRYPTED PRIVATE KEY") || block.label().endsWith("PRIVATE KEY")
                    && block.hasHeaders()) {
                throw new GeneralSecurityException("the private key is encrypted; give it unencrypted");
            }
            switch (block.label()) {
                case "EC PARAMETERS" -> curve = Optional.of(block.der());
                case "PRIVATE KEY" -> {
                    return pkcs8(block.der(), "RSA", "EC", "EdDSA");
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(sequence(VERSION_0, RSA_ALGORITHM, tlv(OCTET_STRING, block.der())), "RSA");
                }
                case "EC PRIVATE KEY" -> {
                    byte[] sec1 = block.der();
                    byte[] namedCurve = sec1Curve(sec1).orElse(curve.orElse(null));
                    if (namedCurve == null) {
                        throw new GeneralSecurityException("the EC private key names no curve");
                    }
                    return pkcs8(sequence(VERSION_0, sequence(EC_PUBLIC_KEY, namedCurve), tlv(OCTET_STRING, sec1)),
                            "EC");
                }
                default -> {
                    // a certificate or anything else beside the key
                }
            }
        }
        throw new GeneralSecurityException("the PEM text holds no private key");
    }

    private static PrivateKey pkcs8(byte[] der, String... algorithms) throws GeneralSecurityException {
        for (String algorithm : algorithms) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException notThisOne) {
                // the next algorithm
            }
        }
        throw new GeneralSecurityException("the private key cannot be read (not " + String.join(", ", algorithms)
                + ")");
    }

    /** The named curve of a SEC 1 key ({@code parameters [0]}, which OpenSSL writes), when it has one. */
    private static Optional<byte[]> sec1Curve(byte[] sec1) throws GeneralSecurityException {
        Der outer = Der.at(sec1, 0);
        if (outer.tag() != SEQUENCE) {
            throw new GeneralSecurityException("the EC private key is not a SEC 1 structure");
        }
        for (int i = outer.start(); i < outer.end(); ) {
            Der member = Der.at(sec1, i);
            if (member.tag() == PARAMETERS_TAG) {
                Der curve = Der.at(sec1, member.start());
                if (curve.tag() != OBJECT_IDENTIFIER) {
                    throw new GeneralSecurityException("the EC private key's curve is not a named one");
                }
                return Optional.of(java.util.Arrays.copyOfRange(sec1, member.start(), curve.end()));
            }
            i = member.end();
        }
        return Optional.empty();
    }

    private static List<Block> blocks(String pem) {
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(pem == null ? "" : pem);
        while (matcher.find()) {
            blocks.add(new Block(matcher.group(1), matcher.group(2)));
        }
        return blocks;
    }

    /** One DER element: its tag, and where its content starts and ends in the buffer. */
    private record Der(int tag, int start, int end) {
        static Der at(byte[] der, int offset) throws GeneralSecurityException {
            if (offset + 2 > der.length) {
                throw new GeneralSecurityException("the key's DER is cut short");
            }
            int tag = der[offset] & 0xff;
            int length = der[offset + 1] & 0xff;
            int start = offset + 2;
            if (length > 0x7f) {
                int bytes = length & 0x7f;
                if (bytes > 3 || start + bytes > der.length) {
                    throw new GeneralSecurityException("the key's DER has a length it cannot have");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = length << 8 | der[start++] & 0xff;
                }
            }
            if (start + length > der.length) {
                throw new GeneralSecurityException("the key's DER is cut short");
            }
            return new Der(tag, start, start + length);
        }
    }

    private static byte[] sequence(byte[]... members) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] member : members) {
            content.writeBytes(member);
        }
        return tlv(SEQUENCE, content.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length < 0x100 ? 1 : length < 0x10000 ? 2 : 3;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
