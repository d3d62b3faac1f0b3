package io.fleetline.blobs.content;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The pins of a content store's contents, counted per content, and the lock that makes "not pinned, not referenced,
 * delete" one step against a pin. Locks are striped (contents share a lock by their id's hash) and are
 * {@link ReentrantLock}s, which a virtual thread can wait on without holding its carrier.
 */
public final class ContentPins {
    private static final int STRIPES = 64;
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

    /** Runs {@code action} under the content's lock if nothing pins it, and answers its result; false if pinned. */
    public boolean unlessPinned(ContentId id, BooleanSupplier action) {
        Stripe stripe = stripe(id);
        stripe.lock.lock();
        try {
            return !stripe.pins.containsKey(id) && action.getAsBoolean();
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
    }

    private static final class Pin implements ContentPin {
        private final Stripe stripe;
        private final ContentId id;
        private boolean closed;

        Pin(Stripe stripe, ContentId id) {
            this.stripe = stripe;
            this.id = id;
        }

        @Override
        public void close() {
            stripe.lock.lock();
            try {
                if (!closed) {
                    closed = true;
                    stripe.pins.computeIfPresent(id, (key, count) -> count == 1 ? null : count - 1);
                }
            } finally {
                stripe.lock.unlock();
            }
        }
    }
}
