package io.drover.server.identity;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Says "what this user may do, or with which credentials, has just changed": moved to other
 * projects, given another role, disabled or removed, a token revoked, a session ended, the
 * password changed. Whoever keeps a caller's access for longer than a request (the live event
 * streams) listens and checks its callers again with {@link AuthGuard#current}.
 *
 * <p>Only this process hears it: another replica's open streams learn of a change made here only
 * when they check again by themselves.
 */
public final class AccessChanges {
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** {@code listener} gets the user's id; it runs on the thread that made the change, so it must not block. */
    public Runnable subscribe(Consumer<String> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void changed(String userId) {
        if (userId == null) return;
        for (Consumer<String> listener : listeners) listener.accept(userId);
    }
}
