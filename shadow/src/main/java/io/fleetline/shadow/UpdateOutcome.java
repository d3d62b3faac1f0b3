package io.fleetline.shadow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * What an accepted update publishes.
 *
 * @param accepted  the answer ({@code update/accepted}, and the HTTP response): the request's state, its metadata,
 *                  the new version, the time and the client token
 * @param delta     the {@code update/delta} message, when the update set desired and desired now differs from
 *                  reported: every differing field, not only those of this update
 * @param documents the {@code update/documents} message: the whole document before (or {@code null}) and after
 */
public record UpdateOutcome(ObjectNode accepted, Optional<ObjectNode> delta, ObjectNode documents) {
}
