package io.fleetline.registry;

/** What changed in the registry, told to listeners after the change is committed. */
public sealed interface RegistryChange {
    /** A thing was created or its type or attributes changed. */
    record ThingChanged(String thingName) implements RegistryChange {
    }

    /** A thing was deleted (with its group memberships). */
    record ThingDeleted(String thingName) implements RegistryChange {
    }

    /** A thing joined or left groups. */
    record MembershipChanged(String thingName) implements RegistryChange {
    }

    /** A dynamic group's query began or stopped matching the thing, which joined or left it. */
    record DynamicMembershipChanged(String thingName) implements RegistryChange {
    }

    /** A group was created, changed or deleted; a deleted group's things left it. */
    record GroupChanged(String groupName) implements RegistryChange {
    }
}
