package io.fleetline.core.arn;

/** A resource named by its type and name, as an ARN names it. */
public record ResourceRef(ResourceType type, String name) {
}
