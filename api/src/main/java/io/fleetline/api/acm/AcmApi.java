package io.fleetline.api.acm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.Input;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.ota.signing.AcmCertificates;
import io.fleetline.ota.signing.CertificateImport;
import io.fleetline.ota.signing.CertificateQuery;
import io.fleetline.ota.signing.ImportedCertificate;
import io.fleetline.ota.signing.KeyAlgorithm;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * ACM's certificates for code signing. What ACM describes of a certificate it imported is read off the certificate
 * ({@link ImportedCertificate}); the private key is never answered.
 */
public final class AcmApi {
    /** ListCertificates answers this many when MaxItems is not given (its largest). */
    private static final int DEFAULT_PAGE = 1000;

    private final AcmCertificates certificates;
    private final Clock clock;

    private AcmApi(AcmCertificates certificates, Clock clock) {
        this.certificates = certificates;
        this.clock = clock;
    }

    public static void register(HandlerRegistry registry, AcmCertificates certificates, Clock clock) {
        AcmApi h = new AcmApi(certificates, clock);
        registry.register("acm", "ImportCertificate", h::importCertificate)
                .register("acm", "DescribeCertificate", h::describe)
                .register("acm", "GetCertificate", h::get)
                .register("acm", "ListCertificates", h::list)
                .register("acm", "DeleteCertificate", h::delete)
                .register("fleetline", "CreateCodeSigningCertificate", h::createCodeSigningCertificate);
    }

    private JsonNode importCertificate(OperationCall call) {
        Input in = call.input();
        ImportedCertificate imported = certificates.importCertificate(new CertificateImport(
                in.optString("CertificateArn"), in.optBlob("Certificate").orElseThrow(),
                in.optBlob("PrivateKey").orElseThrow(), in.optBlob("CertificateChain"), in.tags("Tags")));
        return Output.object().put("CertificateArn", imported.arn().value());
    }

    private JsonNode createCodeSigningCertificate(OperationCall call) {
        Input in = call.input();
        ImportedCertificate made = certificates.createCodeSigningCertificate(in.string("commonName"),
                Input.stringMap(in.node().get("tags")));
        return Output.object().put("certificateArn", made.arn().value()).put("certificate", made.certificatePem());
    }

    private JsonNode describe(OperationCall call) {
        ImportedCertificate certificate = certificates.describe(call.input().string("CertificateArn"));
        Instant now = clock.instant();
        ObjectNode detail = Output.object();
        detail.put("CertificateArn", certificate.arn().value());
        certificate.domainName().ifPresent(name -> detail.put("DomainName", name));
        ArrayNode names = detail.putArray("SubjectAlternativeNames");
        certificate.subjectAlternativeNames().forEach(names::add);
        detail.put("Serial", certificate.serial());
        detail.put("Subject", certificate.subject());
        detail.put("Issuer", certificate.issuer());
        detail.set("ImportedAt", Output.timestamp(certificate.importedAt()));
        detail.put("Status", certificate.status(now));
        detail.set("NotBefore", Output.timestamp(certificate.notBefore()));
        detail.set("NotAfter", Output.timestamp(certificate.notAfter()));
        detail.put("KeyAlgorithm", certificate.keyAlgorithm().acmName());
        detail.put("SignatureAlgorithm", certificate.signatureAlgorithm());
        detail.putArray("InUseBy");
        detail.put("Type", "IMPORTED");
        ArrayNode keyUsages = detail.putArray("KeyUsages");
        certificate.keyUsages().forEach(usage -> keyUsages.addObject().put("Name", usage));
        ArrayNode extended = detail.putArray("ExtendedKeyUsages");
        certificate.extendedKeyUsages().forEach(usage -> extended.addObject().put("Name", usage.name())
                .put("OID", usage.oid()));
        detail.put("RenewalEligibility", "INELIGIBLE");
        ObjectNode out = Output.object();
        out.set("Certificate", detail);
        return out;
    }

    private JsonNode get(OperationCall call) {
        ImportedCertificate certificate = certificates.describe(call.input().string("CertificateArn"));
        ObjectNode out = Output.object().put("Certificate", certificate.certificatePem());
        certificate.chainPem().ifPresent(chain -> out.put("CertificateChain", chain));
        return out;
    }

    private JsonNode list(OperationCall call) {
        Input in = call.input();
        JsonNode includes = in.node().path("Includes");
        Set<KeyAlgorithm> keyTypes = new LinkedHashSet<>();
        Input.strings(includes.get("keyTypes")).forEach(name -> KeyAlgorithm.ofAcmName(name).ifPresent(keyTypes::add));
        CertificateQuery query = new CertificateQuery(Set.copyOf(in.strings("CertificateStatuses")), keyTypes,
                Set.copyOf(Input.strings(includes.get("keyUsage"))),
                Set.copyOf(Input.strings(includes.get("extendedKeyUsage"))),
                in.optString("SortOrder").map("DESCENDING"::equals).orElse(false));
        Page<ImportedCertificate> page = certificates.list(query, PageRequest.of(in.optInt("MaxItems").orElse(null),
                in.optString("NextToken").orElse(null), DEFAULT_PAGE));
        Instant now = clock.instant();
        ObjectNode out = Output.object();
        ArrayNode summaries = out.putArray("CertificateSummaryList");
        page.items().forEach(certificate -> summaries.add(summary(certificate, now)));
        page.nextToken().ifPresent(token -> out.put("NextToken", token));
        return out;
    }

    private static ObjectNode summary(ImportedCertificate certificate, Instant now) {
        ObjectNode summary = Output.object().put("CertificateArn", certificate.arn().value());
        certificate.domainName().ifPresent(name -> summary.put("DomainName", name));
        ArrayNode names = summary.putArray("SubjectAlternativeNameSummaries");
        certificate.subjectAlternativeNames().forEach(names::add);
        summary.put("HasAdditionalSubjectAlternativeNames", false);
        summary.put("Status", certificate.status(now));
        summary.put("Type", "IMPORTED");
        summary.put("KeyAlgorithm", certificate.keyAlgorithm().acmName());
        ArrayNode keyUsages = summary.putArray("KeyUsages");
        certificate.keyUsages().forEach(keyUsages::add);
        ArrayNode extended = summary.putArray("ExtendedKeyUsages");
        certificate.extendedKeyUsages().forEach(usage -> extended.add(usage.name()));
        summary.put("InUse", false);
        summary.put("RenewalEligibility", "INELIGIBLE");
        summary.set("NotBefore", Output.timestamp(certificate.notBefore()));
        summary.set("NotAfter", Output.timestamp(certificate.notAfter()));
        summary.set("ImportedAt", Output.timestamp(certificate.importedAt()));
        return summary;
    }

    private JsonNode delete(OperationCall call) {
        certificates.delete(call.input().string("CertificateArn"));
        return Output.empty();
    }
}
