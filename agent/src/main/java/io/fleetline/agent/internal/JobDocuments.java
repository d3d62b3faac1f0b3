package io.fleetline.agent.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.StrictJson;
import java.nio.charset.StandardCharsets;

/**
 * Job documents as the agent reads them: once, before any handler sees them, and as strictly as the server reads a
 * device's request ({@link StrictJson}): one JSON object, each key once, nothing after it, Unicode throughout. Which
 * of two values of a key counts is a guess parsers take differently, and a firmware update's URL or a step's command
 * must not depend on it: such a document is REJECTED with the reason.
 */
public final class JobDocuments {
    private JobDocuments() {
    }

    /** A document the agent does not read: the job is REJECTED with the message as reason. */
    public static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The document's object, read strictly. */
    public static ObjectNode read(String document) throws Unreadable {
        try {
            return StrictJson.object(document.getBytes(StandardCharsets.UTF_8), "the job document");
        } catch (DeviceRejection e) {
            throw new Unreadable(e.getMessage());
        }
    }
}
