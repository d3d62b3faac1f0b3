package io.fleetline.ota.signing;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * ACM's certificates as code signing uses them: ImportCertificate (and reimport), DescribeCertificate,
 * GetCertificate, ListCertificates and DeleteCertificate, plus Fleetline's shortcut that makes a code-signing key and
 * certificate in one step. Private keys are sealed before they are stored and never leave this package: only
 * {@link SigningJobs} opens one, to sign.
 */
public final class AcmCertificates {
    /** ACM's quota of imported certificates (2,500 a year): an account holds at most that many here. */
    static final int MAX_CERTIFICATES = 2500;
    private static final int MAX_COMMON_NAME = 64;
    private static final Pattern COMMON_NAME = Pattern.compile("[\\p{L}\\p{N} ._@:/+=-]+");

    private final SigningStore store;
    private final KeySealer sealer;
    private final AccountScope scope;
    private final Clock clock;

    public AcmCertificates(SigningStore store, KeySealer sealer, AccountScope scope, Clock clock) {
        this.store = store;
        this.sealer = sealer;
        this.scope = scope;
        this.clock = clock;
    }

    /**
     * ImportCertificate: checks the material (see {@link CertificateMaterial}), seals the key and stores both, under
     * a new ARN, or over the certificate {@code reimportArn} names (which must exist; its tags stay, and a reimport
     * takes none).
     */
    public ImportedCertificate importCertificate(CertificateImport request) {
        Instant now = clock.instant();
        CertificateMaterial material = CertificateMaterial.read(request.certificate(), request.privateKey(),
                request.chain(), now);
        Optional<CertificateArn> reimport = request.reimportArn().map(arn -> CertificateArn.in(scope, arn));
        if (reimport.isPresent() && !request.tags().isEmpty()) {
            throw FleetlineException.invalid("You cannot apply tags when reimporting a certificate.");
        }
        return store(material, reimport, request.tags(), now);
    }

    private ImportedCertificate store(CertificateMaterial material, Optional<CertificateArn> reimport,
                                      Map<String, String> newTags, Instant now) {
        CertificateArn arn = reimport.orElseGet(() -> CertificateArn.generate(scope));
        byte[] sealed = sealer.seal(material.key().getEncoded(), arn.value());
        return store.transact(tx -> {
            Map<String, String> tags = newTags;
            if (reimport.isPresent()) {
                tags = tx.findCertificate(arn).orElseThrow(() -> notFound(arn.value())).tags();
            } else if (tx.certificates().size() >= MAX_CERTIFICATES) {
                throw FleetlineException.limitExceeded("The account holds " + MAX_CERTIFICATES
                        + " certificates, as many as ACM lets it import; delete some first");
            }
            ImportedCertificate certificate = new ImportedCertificate(arn, material.certificate(), material.chain(),
                    now, tags);
            tx.putCertificate(certificate, sealed);
            return certificate;
        });
    }

    /**
     * The shortcut: a new P-256 key and a self-signed code-signing certificate named {@code commonName}, imported as
     * if ImportCertificate had been given them, ready for a signing profile on either platform.
     */
    public ImportedCertificate createCodeSigningCertificate(String commonName, Map<String, String> tags) {
        if (commonName == null || commonName.isBlank() || commonName.length() > MAX_COMMON_NAME
                || !COMMON_NAME.matcher(commonName).matches()) {
            throw FleetlineException.invalid("The common name must be 1 to " + MAX_COMMON_NAME + " letters, digits, "
                    + "spaces or . _ @ : / + = -: " + commonName);
        }
        Instant now = clock.instant();
        SelfSignedCodeSigning.Made made = SelfSignedCodeSigning.make(commonName, now);
        return store(new CertificateMaterial(made.certificate(), List.of(), made.keys().getPrivate(),
                KeyAlgorithm.EC_PRIME256V1), Optional.empty(), tags, now);
    }

    /** DescribeCertificate and GetCertificate: the certificate of that ARN, else {@code ResourceNotFoundException}. */
    public ImportedCertificate describe(String arn) {
        CertificateArn parsed = CertificateArn.in(scope, arn);
        return store.read(tx -> tx.findCertificate(parsed)).orElseThrow(() -> notFound(arn));
    }

    /** ListCertificates: those the query matches, by import time (then ARN), a page at a time. */
    public Page<ImportedCertificate> list(CertificateQuery query, PageRequest page) {
        Instant now = clock.instant();
        Comparator<ImportedCertificate> order = Comparator.comparing(AcmCertificates::position);
        if (query.descending()) {
            order = order.reversed();
        }
        List<ImportedCertificate> sorted = store.read(SigningTx::certificates).stream()
                .filter(certificate -> query.matches(certificate, now)).sorted(order).toList();
        int start = 0;
        if (page.after().isPresent()) {
            String after = page.after().get();
            start = (int) sorted.stream().takeWhile(c -> query.descending()
                    ? position(c).compareTo(after) >= 0 : position(c).compareTo(after) <= 0).count();
        }
        List<ImportedCertificate> rest = sorted.subList(start, sorted.size());
        return Page.of(rest.subList(0, Math.min(rest.size(), page.limit() + 1)), page, AcmCertificates::position);
    }

    /** DeleteCertificate: its key goes with it. Jobs it signed keep its certificate (not its key) on record. */
    public void delete(String arn) {
        CertificateArn parsed = CertificateArn.in(scope, arn);
        if (!store.transact(tx -> tx.deleteCertificate(parsed))) {
            throw notFound(arn);
        }
    }

    /** The certificate and its private key, opened to sign; package-private on purpose. */
    Optional<SigningKey> signingKey(SigningTx tx, CertificateArn arn) {
        Optional<ImportedCertificate> certificate = tx.findCertificate(arn);
        Optional<byte[]> sealed = tx.findSealedKey(arn);
        if (certificate.isEmpty() || sealed.isEmpty()) {
            return Optional.empty();
        }
        byte[] pkcs8 = sealer.open(sealed.get(), arn.value());
        try {
            PrivateKey key = KeyFactory.getInstance(certificate.get().keyAlgorithm().isEc() ? "EC" : "RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return Optional.of(new SigningKey(certificate.get(), key));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored key of " + arn + " does not decode", e);
        }
    }

    /** An imported certificate with its private key, opened. */
    record SigningKey(ImportedCertificate certificate, PrivateKey key) {
    }

    /** The list order's key: import time (fixed width, so that text order is time order), then ARN. */
    private static String position(ImportedCertificate certificate) {
        return String.format("%015d:%s", certificate.importedAt().toEpochMilli(), certificate.arn().value());
    }

    private static FleetlineException notFound(String arn) {
        return FleetlineException.notFound("Could not find certificate " + arn + ".");
    }
}
