package io.chorus.api.storage;

/**
 * The embedded PostgreSQL cannot start, with a message meant for the person running {@code chorus serve}: it says
 * what is wrong and what to do, and is shown as it is (never rewritten into a "cannot reach" message).
 */
public final class EmbeddedDatabaseException extends IllegalStateException {
    public EmbeddedDatabaseException(String message) {
        super(message);
    }

    public EmbeddedDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
