/**
 * The ACM subset code signing needs, on AWS's {@code json} protocol ({@code X-Amz-Target: CertificateManager.*}):
 * ImportCertificate, DescribeCertificate, GetCertificate, ListCertificates, DeleteCertificate; and Fleetline's
 * companion operation that makes a code-signing certificate in one step.
 */
package io.fleetline.api.acm;
