package io.fleetline.ota.update;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.FleetlineException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What CreateOTAUpdate refuses at once ({@code InvalidRequestException}), before anything is recorded: the rules the
 * model states in prose or leaves to the service. What depends on other resources (targets, objects, streams, signing
 * jobs) is found out by the creation worker and fails the update instead, as on AWS.
 */
final class RequestRules {
    /** At most this many files: they all go into one stream, and a stream holds at most 50. */
    static final int MAX_FILES = 50;
    /** At most this many targets, as for any job. */
    static final int MAX_TARGETS = 100;
    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9_-]{1,128}");
    /** The job id {@code AFR_OTA-<id>} must fit a job id's 64 characters. */
    private static final int MAX_ID_FOR_JOB = 64 - OtaUpdates.JOB_PREFIX.length();

    private RequestRules() {
    }

    static void check(OtaUpdateRequest request, AccountScope scope) {
        String id = request.otaUpdateId();
        if (!ID.matcher(id).matches()) {
            throw FleetlineException.invalid("otaUpdateId must be 1-128 letters, digits, _ or -; got " + id);
        }
        if (id.length() > MAX_ID_FOR_JOB) {
            throw FleetlineException.invalid("otaUpdateId may have at most " + MAX_ID_FOR_JOB
                    + " characters, so that its job id " + OtaUpdates.JOB_PREFIX + "<otaUpdateId> fits the 64 of a"
                    + " job id; got " + id.length());
        }
        targets(request.targets(), scope);
        if (request.protocols().isEmpty() || new HashSet<>(request.protocols()).size() < request.protocols().size()) {
            throw FleetlineException.invalid("protocols must be [MQTT], [HTTP] or [MQTT, HTTP]; got "
                    + request.protocols());
        }
        if (request.files().isEmpty() || request.files().size() > MAX_FILES) {
            throw FleetlineException.invalid("files must have 1 to " + MAX_FILES + " files; got " + request.files().size());
        }
        for (int i = 0; i < request.files().size(); i++) {
            file(request.files().get(i), "files[" + i + "]");
        }
        streams(request);
    }

    private static void targets(List<String> targets, AccountScope scope) {
        if (targets.isEmpty() || targets.size() > MAX_TARGETS) {
            throw FleetlineException.invalid("targets must have 1 to " + MAX_TARGETS + " targets; got " + targets.size());
        }
        for (String target : targets) {
            if (scope.nameIn(target, ResourceType.THING).isEmpty()
                    && scope.nameIn(target, ResourceType.THING_GROUP).isEmpty()) {
                throw FleetlineException.invalid("target " + target + " is not the ARN of a thing or thing group of"
                        + " this account and region");
            }
        }
    }

    private static void file(OtaFile file, String member) {
        if (file.fileName().filter(name -> !name.isEmpty()).isEmpty()) {
            throw FleetlineException.invalid(member + ".fileName is required: it is the file's path on the device"
                    + " (the job document's filepath)");
        }
        if (file.location().isEmpty()) {
            throw FleetlineException.invalid(member + ".fileLocation is required: a stream or an s3Location");
        }
        file.codeSigning().ifPresent(signing -> signing(signing, member + ".codeSigning"));
    }

    private static void signing(CodeSigning signing, String member) {
        switch (signing) {
            case CodeSigning.SignerJob job -> {
                if (job.jobId().isEmpty()) {
                    throw FleetlineException.invalid(member + ".awsSignerJobId is empty");
                }
            }
            case CodeSigning.StartSigning start -> {
                if (start.profileName().isEmpty() && start.profileParameter().isEmpty()) {
                    throw FleetlineException.invalid(member + ".startSigningJobParameter needs a signingProfileName"
                            + " or a signingProfileParameter");
                }
                if (start.destination().isEmpty()) {
                    throw FleetlineException.invalid(member + ".startSigningJobParameter needs"
                            + " destination.s3Destination: where the signed image goes");
                }
            }
            case CodeSigning.Custom custom -> {
                if (custom.signature().isEmpty() || custom.hashAlgorithm().isEmpty()
                        || custom.signatureAlgorithm().isEmpty()) {
                    throw FleetlineException.invalid(member + ".customCodeSigning needs signature.inlineDocument,"
                            + " hashAlgorithm and signatureAlgorithm");
                }
                if (custom.signature().get().der().length == 0 || custom.signature().get().der().length > 1024) {
                    throw FleetlineException.invalid(member + ".customCodeSigning.signature must be 1 to 1024 bytes");
                }
                if (custom.certificatePem().map(String::length).orElse(0) > CustomSignatures.MAX_CERTIFICATE_CHARS) {
                    throw FleetlineException.invalid(member + ".customCodeSigning.certificateChain.inlineDocument may"
                            + " have at most " + CustomSignatures.MAX_CERTIFICATE_CHARS + " characters");
                }
            }
        }
    }

    /** The document names one stream: files that are in streams must all be in the same one, and none elsewhere. */
    private static void streams(OtaUpdateRequest request) {
        if (!request.protocols().contains(OtaProtocol.MQTT)) {
            return;
        }
        Set<String> streams = new HashSet<>();
        int inStreams = 0;
        for (OtaFile file : request.files()) {
            if (file.location().orElseThrow() instanceof FileLocation.Stream stream) {
                streams.add(stream.streamId());
                inStreams++;
            }
        }
        if (inStreams > 0 && (streams.size() > 1 || inStreams < request.files().size())) {
            throw FleetlineException.invalid("an MQTT OTA update names one stream: either every file is in the same"
                    + " stream, or every file is an s3Location (Fleetline then creates the stream)");
        }
    }
}
