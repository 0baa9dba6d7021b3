package io.tally.license.records;

import java.util.function.Supplier;

/**
 * Who or what caused what the record notes on this thread: an administrator's or platform account's
 * name and the way in ({@code rest}, {@code page}), {@code platform} for in-process calls, {@code system}
 * for Tally's own timers (the default).
 */
public record Actor(String name, String via) {

    public static final Actor SYSTEM = new Actor("system", "timer");

    private static final ThreadLocal<Actor> CURRENT = new ThreadLocal<>();

    public Actor {
        name = name == null || name.isBlank() ? "unknown" : name.strip();
        if (name.length() > 128) {
            name = name.substring(0, 128);
        }
    }

    public static Actor current() {
        Actor actor = CURRENT.get();
        return actor == null ? SYSTEM : actor;
    }

    /** Whether a caller said who it is on this thread. */
    public static boolean known() {
        return CURRENT.get() != null;
    }

    /** This actor until the scope closes (then the one before): for code that cannot pass a lambda. */
    public Scope open() {
        Actor before = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        };
    }

    /** Closes without a checked exception. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Runs the work as this actor, and forgets it after. */
    public <T> T run(Supplier<T> work) {
        try (Scope scope = open()) {
            return work.get();
        }
    }
}
