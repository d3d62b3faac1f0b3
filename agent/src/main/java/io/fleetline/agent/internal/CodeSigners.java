package io.fleetline.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The code-signing certificates an agent checks firmware images against, and only these: the certificates it was
 * given, and the files and directories of certificates (PEM or DER) it was pointed at, read when an image is checked
 * (a certificate put into a directory counts from the next update on). A job document names a certificate path too
 * ({@code certfile}, {@code signature.certificate}); AWS's OTA agent reads the certificate there, so that anyone who
 * can create a job and get a file onto the device (AWS-Download-File) could name a certificate of their own and have
 * an image signed with their key installed. This agent ignores that path unless told ({@code documentPath}), and even
 * then takes it only inside one of its certificate directories.
 *
 * @param certificates the certificates given as such
 * @param sources      files (one or more certificates each) and directories of them
 * @param documentPath the opt-in: an image is checked against the certificate at the path its document names, which
 *                     must lie (symbolic links followed) in one of the {@code sources} that are directories
 */
public record CodeSigners(List<X509Certificate> certificates, List<Path> sources, boolean documentPath) {
    /** No certificate: every firmware update is refused. */
    public static final CodeSigners NONE = new CodeSigners(List.of(), List.of(), false);
    /** A certificate file larger than this is not one (a directory may hold other files). */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    /** The signers could not give a certificate to check an image with; the reason says why. */
    public static final class Untrusted extends Exception {
        private static final long serialVersionUID = 1L;

        Untrusted(String reason) {
            super(reason, null, false, false);
        }
    }

    public CodeSigners {
        certificates = List.copyOf(certificates);
        sources = List.copyOf(sources);
    }

    /** Whether the agent was given no certificate at all, so that it can verify no image. */
    public boolean isEmpty() {
        return certificates.isEmpty() && sources.isEmpty();
    }

    /**
     * The certificates an image named with certificate path {@code documentPath} may be signed with: with the opt-in
     * and a path, the one certificate there (refused outside the certificate directories); otherwise every
     * configured certificate.
     */
    public List<X509Certificate> forImage(Optional<String> certificatePath) throws Untrusted {
        if (documentPath && certificatePath.isPresent()) {
            return named(certificatePath.get());
        }
        List<X509Certificate> all = new ArrayList<>(certificates);
        for (Path source : sources) {
            if (Files.isDirectory(source)) {
                all.addAll(directory(source));
            } else {
                all.addAll(file(source).orElseThrow(() -> new Untrusted("the code-signing certificate file " + source
                        + " cannot be read or holds no certificate")));
            }
        }
        if (all.isEmpty()) {
            throw new Untrusted("this agent has no code-signing certificate to check the image with ("
                    + (sources.isEmpty() ? "none configured" : "none in " + sources) + ")");
        }
        return all;
    }

    private List<X509Certificate> named(String path) throws Untrusted {
        Path real;
        try {
            real = Path.of(path).toRealPath();
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new Untrusted("no code-signing certificate at " + path + ", the path the document names");
        }
        for (Path source : sources) {
            try {
                if (Files.isDirectory(source) && real.startsWith(source.toRealPath())) {
                    return file(real).map(List::copyOf).orElseThrow(() -> new Untrusted("the file at " + path
                            + ", the path the document names, is not a code-signing certificate"));
                }
            } catch (IOException e) {
                // a directory that went away holds nothing
            }
        }
        throw new Untrusted("the document names the code-signing certificate " + path + ", which is not in a "
                + "code-signing certificate directory of this agent"
                + (sources.isEmpty() ? "" : " (" + sources + ")"));
    }

    private static List<X509Certificate> directory(Path directory) throws Untrusted {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            entries.forEach(files::add);
        } catch (IOException e) {
            throw new Untrusted("cannot read the code-signing certificate directory " + directory + ": "
                    + e.getMessage());
        }
        files.sort(null);
        List<X509Certificate> found = new ArrayList<>();
        for (Path file : files) {
            file(file).ifPresent(found::addAll);
        }
        return found;
    }

    /** The certificates in a file (PEM, one or more, or DER); empty for a file that is none or cannot be read. */
    static Optional<List<X509Certificate>> file(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES) {
                return Optional.empty();
            }
            try (InputStream in = Files.newInputStream(file)) {
                List<X509Certificate> found = new ArrayList<>();
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    if (certificate instanceof X509Certificate x509) {
                        found.add(x509);
                    }
                }
                return found.isEmpty() ? Optional.empty() : Optional.of(found);
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | CertificateException e) {
            return Optional.empty();
        }
    }
}
