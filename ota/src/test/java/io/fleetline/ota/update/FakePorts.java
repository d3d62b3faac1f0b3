package io.fleetline.ota.update;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Small stand-ins for the ports: jobs, streams, signing jobs and objects as maps, with what was asked of them kept
 * for the tests to look at. {@link #crashAfter} makes the next call of a port fail after it took effect, as a
 * {@code kill -9} right after that call would leave things.
 */
final class FakePorts {
    final Set<String> things = new java.util.HashSet<>();
    final Map<String, OtaJobs.Spec> jobs = new LinkedHashMap<>();
    final Map<String, OtaJobs.Phase> phases = new HashMap<>();
    final List<String> jobsCreated = new ArrayList<>();
    final List<String> jobsDeleted = new ArrayList<>();
    final Map<String, List<OtaStreams.Source>> streams = new LinkedHashMap<>();
    final Map<String, OtaStreams.StreamedFile> streamFiles = new HashMap<>();
    final List<String> streamsCreated = new ArrayList<>();
    final List<String> streamsDeleted = new ArrayList<>();
    final Map<String, OtaSigning.Job> signingJobs = new HashMap<>();
    final Map<String, OtaSigning.Request> signingStarted = new LinkedHashMap<>();
    final Map<String, Map<String, byte[]>> objects = new HashMap<>();
    final AtomicReference<String> crashAfter = new AtomicReference<>();
    Optional<FleetlineException> jobDeleteRefusal = Optional.empty();
    Optional<FleetlineException> streamRefusal = Optional.empty();

    /** Stores {@code bytes} as a version of an object; {@code versionId} {@code null} for an unversioned bucket. */
    S3File put(String bucket, String key, String versionId, byte[] bytes) {
        objects.computeIfAbsent(bucket + "/" + key, k -> new LinkedHashMap<>()).put(versionId, bytes);
        return new S3File(bucket, key, versionId);
    }

    private void maybeCrash(String call) {
        if (call.equals(crashAfter.get())) {
            crashAfter.set(null);
            throw new IllegalStateException("crashed after " + call);
        }
    }

    OtaUpdates.Ports ports() {
        return new OtaUpdates.Ports(new Jobs(), new Streams(), new Signing(), new Objects());
    }

    private final class Jobs implements OtaJobs {
        @Override
        public List<String> missingTargets(List<String> targets) {
            return targets.stream().filter(t -> !things.contains(t)).toList();
        }

        @Override
        public Optional<Phase> phase(String jobId) {
            return Optional.ofNullable(phases.get(jobId));
        }

        @Override
        public String create(Spec job) {
            if (jobs.containsKey(job.jobId())) {
                throw FleetlineException.alreadyExists("Job " + job.jobId() + " already exists", job.jobId(), "arn");
            }
            jobs.put(job.jobId(), job);
            phases.put(job.jobId(), Phase.ACTIVE);
            jobsCreated.add(job.jobId());
            maybeCrash("createJob");
            return "arn:aws:iot:eu-west-1:123456789012:job/" + job.jobId();
        }

        @Override
        public void delete(String jobId, boolean force) {
            if (jobDeleteRefusal.isPresent()) {
                throw jobDeleteRefusal.get();
            }
            if (phases.get(jobId) == Phase.ACTIVE && !force) {
                throw new FleetlineException(ErrorCode.INVALID_STATE_TRANSITION, "job " + jobId + " is in progress");
            }
            jobs.remove(jobId);
            phases.remove(jobId);
            jobsDeleted.add(jobId);
        }
    }

    private final class Streams implements OtaStreams {
        @Override
        public Optional<StreamedFile> file(String streamId, int fileId) {
            return Optional.ofNullable(streamFiles.get(streamId + "#" + fileId));
        }

        @Override
        public void create(String streamId, String description, String roleArn, List<Source> files) {
            if (streamRefusal.isPresent()) {
                throw streamRefusal.get();
            }
            if (!streams.containsKey(streamId)) {
                for (Source source : files) {
                    if (!objects.getOrDefault(source.object().bucket() + "/" + source.object().key(), Map.of())
                            .containsKey(source.object().versionId())) {
                        throw new FleetlineException(ErrorCode.RESOURCE_NOT_FOUND, "no object " + source.object());
                    }
                }
                streams.put(streamId, List.copyOf(files));
                streamsCreated.add(streamId);
            }
            maybeCrash("createStream");
        }

        @Override
        public void delete(String streamId) {
            streams.remove(streamId);
            streamsDeleted.add(streamId);
        }
    }

    private final class Signing implements OtaSigning {
        @Override
        public Optional<Job> describe(String jobId) {
            return Optional.ofNullable(signingJobs.get(jobId));
        }

        @Override
        public String start(Request request) {
            String id = "signing-" + request.clientRequestToken();
            if (signingStarted.putIfAbsent(id, request) == null) {
                signingJobs.put(id, new Job(Status.IN_PROGRESS, Optional.empty(), Optional.empty()));
            }
            maybeCrash("startSigning");
            return id;
        }
    }

    private final class Objects implements OtaObjects {
        @Override
        public Lookup find(String bucket, String key, Optional<String> versionId) {
            Map<String, byte[]> versions = objects.get(bucket + "/" + key);
            if (versions == null || versions.isEmpty()) {
                return new Missing("object s3://" + bucket + "/" + key + " does not exist");
            }
            String version = versionId.orElseGet(() -> new ArrayList<>(versions.keySet()).get(versions.size() - 1));
            byte[] bytes = versions.get(version);
            return bytes == null ? new Missing("version " + version + " of s3://" + bucket + "/" + key
                    + " does not exist") : new Found(new S3File(bucket, key, version), bytes.length);
        }

        @Override
        public InputStream open(S3File file) {
            return new ByteArrayInputStream(objects.get(file.bucket() + "/" + file.key()).get(file.versionId()));
        }
    }
}
