package io.fleetline.blobs.content;

import io.fleetline.core.log.LimitedLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;

/**
 * The pins of a content store's contents, counted per content, and the lock that makes "not pinned, not referenced,
 * delete" one step against a pin. Locks are striped (contents share a lock by their id's hash) and are
 * {@link ReentrantLock}s, which a virtual thread can wait on without holding its carrier.
 *
 * <p>An action asked for while the content is pinned is not dropped but deferred to the last unpin: two racing puts
 * of one key each pin their bytes, and the second commit releases the first one's while its writer still pins them;
 * without the deferral those bytes would stay on disk, referenced by nothing, until the next start's sweep.
 */
public final class ContentPins {
    private static final int STRIPES = 64;
    private static final LimitedLog LOG = new LimitedLog(LoggerFactory.getLogger(ContentPins.class));
    private final List<Stripe> stripes = new ArrayList<>(STRIPES);

    public ContentPins() {
        for (int i = 0; i < STRIPES; i++) {
            stripes.add(new Stripe());
        }
    }

    public ContentPin pin(ContentId id) {
        Stripe stripe = stripe(id);
        stripe.lock.lock();
        try {
            stripe.pins.merge(id, 1, Integer::sum);
        } finally {
            stripe.lock.unlock();
        }
        return new Pin(stripe, id);
    }

    /**
     * Runs {@code action} under the content's lock if nothing pins it, and answers its result; false if pinned, and
     * then the action runs under the lock when the last pin goes (the latest action asked for, once). A deferred
     * action that fails is logged and dropped: what it would have removed is left for the next full sweep.
     */
    public boolean unlessPinned(ContentId id, BooleanSupplier action) {
        Stripe stripe = stripe(id);
        stripe.lock.lock();
        try {
            if (stripe.pins.containsKey(id)) {
                stripe.deferred.put(id, action);
                return false;
            }
            return action.getAsBoolean();
        } finally {
            stripe.lock.unlock();
        }
    }

    private Stripe stripe(ContentId id) {
        return stripes.get(Math.floorMod(id.hashCode(), STRIPES));
    }

    private static final class Stripe {
        final ReentrantLock lock = new ReentrantLock();
        final Map<ContentId, Integer> pins = new HashMap<>();
        final Map<ContentId, BooleanSupplier> deferred = new HashMap<>();
    }

    private static final class Pin implements ContentPin {
        private final Stripe stripe;
        private final ContentId id;
        private boolean closed;

        Pin(Stripe stripe, ContentId id) {
            this.stripe = stripe;
            this.id = id;
        }

        private void runDeferred(BooleanSupplier action) {
            try {
                action.getAsBoolean();
            } catch (RuntimeException e) {
                LOG.warn("a sweep deferred to the unpin of content {} failed (left for the next sweep): {}", id,
                        e.toString());
            }
        }

        @Override
        public void close() {
            stripe.lock.lock();
            try {
                if (!closed) {
                    closed = true;
                    stripe.pins.computeIfPresent(id, (key, count) -> count == 1 ? null : count - 1);
                    BooleanSupplier deferred = stripe.pins.containsKey(id) ? null : stripe.deferred.remove(id);
                    if (deferred != null) {
                        runDeferred(deferred);
                    }
                }
            } finally {
                stripe.lock.unlock();
            }
        }
    }
}
