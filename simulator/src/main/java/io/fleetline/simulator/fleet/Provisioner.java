package io.fleetline.simulator.fleet;

import io.fleetline.simulator.Progress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * Provisions a simulated fleet over the AWS IoT API, or finds it provisioned: the thing group, one policy attached to
 * the group that lets each device use its own jobs and streams topics, and for each device a thing in the group with
 * a certificate of its own. A device whose thing is in the group and whose identity the state directory keeps is
 * reused; any other is provisioned (again): a key made here, a certificate from CreateCertificateFromCsr, the thing,
 * its principal, its membership. Devices are provisioned {@code concurrency} at a time.
 */
public final class Provisioner {
    /** The policy the simulated devices share. */
    public static final String POLICY = "fleetline-simulator-devices";
    static final String POLICY_DOCUMENT = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect",
               "Resource": "arn:aws:iot:*:*:client/${iot:Connection.Thing.ThingName}"},
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
               "Resource": ["arn:aws:iot:*:*:topic/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*",
                            "arn:aws:iot:*:*:topic/$aws/things/${iot:Connection.Thing.ThingName}/streams/*"]},
              {"Effect": "Allow", "Action": "iot:Subscribe",
               "Resource": ["arn:aws:iot:*:*:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*",
                            "arn:aws:iot:*:*:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/streams/*"]}
            ]}""";

    private final IotClient iot;
    private final IdentityStore identities;
    private final int concurrency;
    private final Clock clock;

    public Provisioner(IotClient iot, Path stateDirectory, int concurrency, Clock clock) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.iot = iot;
        this.identities = new IdentityStore(stateDirectory);
        this.concurrency = concurrency;
        this.clock = clock;
    }

    /** The thing name of device {@code index} of {@code group}'s simulated fleet. */
    public static String thingName(String group, int index) {
        return String.format(Locale.ROOT, "%s-%05d", group, index);
    }

    /** Provisions (or finds) {@code size} devices in {@code group}, stepping {@code bar} as each is ready. */
    public Fleet provision(String group, int size, Progress.Bar bar) throws InterruptedException {
        Instant start = clock.instant();
        String groupArn = ensureGroup(group);
        ensurePolicy(groupArn);
        Set<String> members = members(group);
        AtomicLong done = new AtomicLong();
        List<Future<Provisioned>> futures = new ArrayList<>(size);
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, Math.max(1, size)))) {
            for (int i = 0; i < size; i++) {
                String thing = thingName(group, i);
                futures.add(pool.submit(() -> {
                    Provisioned device = device(group, thing, members.contains(thing));
                    bar.stepTo(done.incrementAndGet());
                    return device;
                }));
            }
            return collect(group, futures, start);
        }
    }

    private record Provisioned(DeviceIdentity identity, boolean reused) {
    }

    private Fleet collect(String group, List<Future<Provisioned>> futures, Instant start) throws InterruptedException {
        List<DeviceIdentity> devices = new ArrayList<>(futures.size());
        int reused = 0;
        for (Future<Provisioned> future : futures) {
            try {
                Provisioned device = future.get();
                devices.add(device.identity());
                reused += device.reused() ? 1 : 0;
            } catch (ExecutionException e) {
                futures.forEach(f -> f.cancel(true));
                throw new ProvisioningException("cannot provision the fleet: " + e.getCause().getMessage(),
                        e.getCause());
            }
        }
        return new Fleet(group, devices, devices.size() - reused, reused, Duration.between(start, clock.instant()));
    }

    private Provisioned device(String group, String thing, boolean member) {
        Optional<DeviceIdentity> kept = identities.find(thing);
        if (member && kept.isPresent()) {
            return new Provisioned(kept.get(), true);
        }
        DeviceKeys keys = DeviceKeys.make(thing);
        var certificate = iot.createCertificateFromCsr(r -> r.certificateSigningRequest(keys.csrPem()).setAsActive(true));
        try {
            iot.createThing(r -> r.thingName(thing));
        } catch (ResourceAlreadyExistsException e) {
            // an earlier run made it; its old certificates stay attached, this one joins them
        }
        iot.attachThingPrincipal(r -> r.thingName(thing).principal(certificate.certificateArn()));
        iot.addThingToThingGroup(r -> r.thingGroupName(group).thingName(thing));
        DeviceIdentity identity = new DeviceIdentity(thing, certificate.certificateArn(),
                certificate.certificatePem(), keys.privateKeyPem());
        identities.save(identity);
        return new Provisioned(identity, false);
    }

    private String ensureGroup(String group) {
        try {
            return iot.describeThingGroup(r -> r.thingGroupName(group)).thingGroupArn();
        } catch (ResourceNotFoundException e) {
            return iot.createThingGroup(r -> r.thingGroupName(group)).thingGroupArn();
        }
    }

    private void ensurePolicy(String groupArn) {
        try {
            iot.getPolicy(r -> r.policyName(POLICY));
        } catch (ResourceNotFoundException e) {
            try {
                iot.createPolicy(r -> r.policyName(POLICY).policyDocument(POLICY_DOCUMENT));
            } catch (ResourceAlreadyExistsException raced) {
                // another simulator made it meanwhile
            }
        }
        iot.attachPolicy(r -> r.policyName(POLICY).target(groupArn));
    }

    private Set<String> members(String group) {
        Set<String> members = new HashSet<>();
        iot.listThingsInThingGroupPaginator(r -> r.thingGroupName(group).maxResults(250))
                .things().forEach(members::add);
        return members;
    }
}
