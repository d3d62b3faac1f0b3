package io.fleetline.ota.update;

import io.fleetline.core.error.FleetlineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Optional;

/**
 * Settles one file of an update: finds the version devices will get and its size, and its signature (reading a
 * Signer job, starting one, or checking the user's own). Each call looks again at what is there; what it starts is
 * reported so that the caller records it before anything else happens.
 */
final class FilePreparation {
    /** What preparing a file came to. */
    sealed interface Outcome {
    }

    /** The file is ready for the document. */
    record Ready(PreparedFile file) implements Outcome {
    }

    /** A signing job is still running (and was just started, when {@code started} is set): ask again later. */
    record Waiting(int index, String signingJob, boolean started) implements Outcome {
    }

    /** The update cannot be made: this is why. */
    record Failed(ErrorInfo error) implements Outcome, Location {
    }

    /** Where a file's source is, or why there is none. */
    private sealed interface Location {
    }

    /** The source of a file: the object version it names and, for a file of a user's stream, that stream file. */
    private record Source(S3File object, long size, Optional<FileLocation.Stream> stream) {
    }

    private final OtaStreams streams;
    private final OtaSigning signing;
    private final OtaObjects objects;

    FilePreparation(OtaStreams streams, OtaSigning signing, OtaObjects objects) {
        this.streams = streams;
        this.signing = signing;
        this.objects = objects;
    }

    Outcome prepare(OtaUpdate update, int index) {
        OtaFile file = update.request().files().get(index);
        Location location = locate(file.location().orElseThrow());
        if (!(location instanceof Located(Source source))) {
            return (Failed) location;
        }
        int fileId = source.stream().map(FileLocation.Stream::fileId).orElse(index);
        if (file.codeSigning().isEmpty()) {
            return new Ready(new PreparedFile(fileId, source.object(), source.stream(), source.size(), Optional.empty(),
                    Optional.empty(), Optional.empty()));
        }
        return switch (file.codeSigning().get()) {
            case CodeSigning.SignerJob job -> signed(job.jobId(), index, fileId, source, Optional.empty());
            case CodeSigning.StartSigning start -> started(update, index, fileId, source, start);
            case CodeSigning.Custom custom -> custom(fileId, source, custom);
        };
    }

    private record Located(Source source) implements Location {
    }

    private Location locate(FileLocation location) {
        return switch (location) {
            case FileLocation.Stream stream -> streams.file(stream.streamId(), stream.fileId())
                    .<Location>map(f -> new Located(new Source(f.object(), f.size(), Optional.of(stream))))
                    .orElseGet(() -> new Failed(ErrorInfo.notFound("stream " + stream.streamId() + " does not exist or"
                            + " has no file " + stream.fileId())));
            case FileLocation.S3Location s3 -> switch (objects.find(s3.bucket(), s3.key(), s3.version())) {
                case OtaObjects.Missing missing -> new Failed(ErrorInfo.notFound(missing.reason()));
                case OtaObjects.Found found -> found.file().versionId().equals("null")
                        ? new Failed(ErrorInfo.invalid("unversioned source: s3://" + s3.bucket() + "/" + s3.key()
                                + " is not a versioned object (turn versioning on for bucket " + s3.bucket()
                                + " and upload it again): an OTA update sends one fixed version"))
                        : new Located(new Source(found.file(), found.size(), Optional.empty()));
            };
        };
    }

    private Outcome started(OtaUpdate update, int index, int fileId, Source source, CodeSigning.StartSigning start) {
        Optional<String> path = start.profileParameter().flatMap(CodeSigning.ProfileParameter::certificatePathOnDevice);
        String known = update.progress().signingJobs().get(index);
        if (known != null) {
            return signed(known, index, fileId, source, path);
        }
        CodeSigning.Destination destination = start.destination().orElseThrow();
        try {
            String jobId = signing.start(new OtaSigning.Request(update.id() + "-" + update.createdAt().toEpochMilli()
                    + "-" + index, source.object(), start.profileName(), start.profileParameter(),
                    destination.bucket(), destination.prefix()));
            return new Waiting(index, jobId, true);
        } catch (FleetlineException e) {
            return new Failed(new ErrorInfo(e.code().awsType(), "starting the signing job of files[" + index
                    + "] failed: " + e.getMessage()));
        }
    }

    private Outcome signed(String jobId, int index, int fileId, Source source, Optional<String> fallbackPath) {
        Optional<OtaSigning.Job> job = signing.describe(jobId);
        if (job.isEmpty()) {
            return new Failed(ErrorInfo.notFound("signing job " + jobId + " does not exist"));
        }
        return switch (job.get().status()) {
            case IN_PROGRESS -> new Waiting(index, jobId, false);
            case FAILED -> new Failed(ErrorInfo.invalid("signing job " + jobId + " failed: "
                    + job.get().statusReason().orElse("no reason given")));
            case SUCCEEDED -> {
                OtaSigning.Signed result = job.get().result().orElseThrow(() -> new IllegalStateException(
                        "signing job " + jobId + " succeeded without a result"));
                yield signedFile(jobId, fileId, source, result, fallbackPath);
            }
        };
    }

    /** A file of a user's stream is served as it is; otherwise devices get the object the signing job made. */
    private Outcome signedFile(String jobId, int fileId, Source source, OtaSigning.Signed result,
                               Optional<String> fallbackPath) {
        S3File object = source.object();
        long size = source.size();
        if (source.stream().isEmpty()) {
            S3File made = result.signedObject();
            switch (objects.find(made.bucket(), made.key(), Optional.of(made.versionId()))) {
                case OtaObjects.Missing missing -> {
                    return new Failed(ErrorInfo.notFound("the signed object of signing job " + jobId + " is gone: "
                            + missing.reason()));
                }
                case OtaObjects.Found found -> {
                    object = found.file();
                    size = found.size();
                }
            }
        }
        return new Ready(new PreparedFile(fileId, object, source.stream(), size,
                result.certificatePathOnDevice().or(() -> fallbackPath),
                Optional.of(AfrOtaDocument.signatureKey(result.hashAlgorithm(), result.signatureAlgorithm())),
                Optional.of(Base64.getEncoder().encodeToString(result.signature()))));
    }

    private Outcome custom(int fileId, Source source, CodeSigning.Custom custom) {
        CodeSigning.Signature signature = custom.signature().orElseThrow();
        String hash = custom.hashAlgorithm().orElseThrow();
        String algorithm = custom.signatureAlgorithm().orElseThrow();
        if (custom.certificatePem().isPresent()) {
            try (InputStream image = objects.open(source.object())) {
                Optional<String> problem = CustomSignatures.problem(image, source.object().toString(), signature.der(),
                        custom.certificatePem().get(), hash, algorithm);
                if (problem.isPresent()) {
                    return new Failed(ErrorInfo.invalid("customCodeSigning of " + source.object() + ": "
                            + problem.get()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + source.object() + " to check its signature", e);
            }
        }
        return new Ready(new PreparedFile(fileId, source.object(), source.stream(), source.size(),
                custom.certificateName(), Optional.of(AfrOtaDocument.signatureKey(hash, algorithm)),
                Optional.of(signature.base64())));
    }
}
