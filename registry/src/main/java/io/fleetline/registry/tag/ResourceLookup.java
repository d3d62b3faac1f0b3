package io.fleetline.registry.tag;

/**
 * Tells {@link TagService} whether a resource that another module owns (a policy, a CA certificate, a job) exists,
 * so the registry can tag it without knowing that module.
 */
@FunctionalInterface
public interface ResourceLookup {
    /**
     * Returns when a resource of this name exists; otherwise throws the {@code ResourceNotFoundException} the
     * owning module answers for it everywhere else.
     */
    void requireExists(String name);
}
