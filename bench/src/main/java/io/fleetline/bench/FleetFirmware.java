package io.fleetline.bench;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CodeSigning;
import software.amazon.awssdk.services.iot.model.OTAUpdateFile;
import software.amazon.awssdk.services.iot.model.OTAUpdateInfo;
import software.amazon.awssdk.services.iot.model.OTAUpdateStatus;
import software.amazon.awssdk.services.iot.model.Protocol;

/**
 * The fleet benchmark's firmware: a random image in a versioned bucket of the server's object store, signed with an
 * ECDSA P-256 code-signing key made here ({@code customCodeSigning}, as an operator with their own PKI signs it, so
 * the server checks the signature when the update is created), and one OTA update of it per run.
 */
final class FleetFirmware {
    static final String BUCKET = "fleet-firmware";
    static final String KEY = "fleet.bin";
    private static final String ROLE = "arn:aws:iam::000000000000:role/ota";
    private static final String CERTIFICATE_NAME = "/certs/fleet-signer.crt";

    private final String versionId;
    private final byte[] signature;
    private final String certificatePem;
    private final Path certificateFile;

    private FleetFirmware(String versionId, byte[] signature, String certificatePem, Path certificateFile) {
        this.versionId = versionId;
        this.signature = signature;
        this.certificatePem = certificatePem;
        this.certificateFile = certificateFile;
    }

    /** A random image of {@code bytes}, uploaded and signed; the code-signing certificate is written under {@code dir}. */
    static FleetFirmware upload(FleetlineBroker server, Path dir, long bytes) throws Exception {
        Path image = Files.createDirectories(dir).resolve(KEY);
        String sha256 = BlobsBench.randomFile(image, bytes, 17);
        String versionId = FleetlineObjects.of(server.dataDir()).putVersioned(BUCKET, KEY, image);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        Signature signing = Signature.getInstance("SHA256withECDSA");
        signing.initSign(keys.getPrivate());
        signing.update(Files.readAllBytes(image));
        String certificate = certificate(keys);
        Path certificateFile = Files.writeString(dir.resolve("fleet-signer.pem"), certificate);
        System.out.printf("image: %,d bytes, SHA-256 %s, s3://%s/%s version %s, signed (ECDSA P-256)%n", bytes, sha256,
                BUCKET, KEY, versionId);
        return new FleetFirmware(versionId, signing.sign(), certificate, certificateFile);
    }

    /** The code-signing certificate the devices check the image with (PEM). */
    Path certificateFile() {
        return certificateFile;
    }

    /**
     * Creates OTA update {@code id} of the image for the groups, downloaded over {@code protocol}, and waits until
     * the server made its job ({@code CREATE_COMPLETE}); answers the job's id.
     */
    String createUpdate(IotClient iot, String id, List<String> groupArns, Protocol protocol) throws InterruptedException {
        OTAUpdateFile file = OTAUpdateFile.builder().fileName(KEY)
                .fileLocation(l -> l.s3Location(s -> s.bucket(BUCKET).key(KEY).version(versionId)))
                .codeSigning(CodeSigning.builder().customCodeSigning(c -> c.hashAlgorithm("SHA256")
                        .signatureAlgorithm("ECDSA").signature(s -> s.inlineDocument(SdkBytes.fromByteArray(signature)))
                        .certificateChain(cc -> cc.certificateName(CERTIFICATE_NAME).inlineDocument(certificatePem)))
                        .build()).build();
        iot.createOTAUpdate(r -> r.otaUpdateId(id).targets(groupArns).protocols(protocol).files(file).roleArn(ROLE));
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            OTAUpdateInfo info = iot.getOTAUpdate(r -> r.otaUpdateId(id)).otaUpdateInfo();
            if (info.otaUpdateStatus() == OTAUpdateStatus.CREATE_COMPLETE) {
                return info.awsIotJobId();
            }
            if (info.otaUpdateStatus() == OTAUpdateStatus.CREATE_FAILED) {
                throw new IllegalStateException("OTA update " + id + " failed: " + info.errorInfo());
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("OTA update " + id + " not created after 120 s");
    }

    /** A self-signed code-signing certificate of the key (PEM), as openssl makes one with the code-signing usage. */
    private static String certificate(KeyPair keys) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X500Name name = new X500Name("CN=fleet-bench-signer");
        var holder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(30, ChronoUnit.DAYS)), name,
                keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(holder.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }
}
