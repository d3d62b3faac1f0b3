package io.fleetline.registry.billing;

import java.time.Instant;
import java.util.Optional;

/** A billing group, as DescribeBillingGroup shows it. {@code version} starts at 1 and grows with each update. */
public record BillingGroup(String name, String id, Optional<String> description, long version, Instant creationDate) {
    BillingGroup described(Optional<String> newDescription) {
        return new BillingGroup(name, id, newDescription, version + 1, creationDate);
    }
}
