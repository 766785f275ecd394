package io.chorus.api.problems;

/** The database cannot be reached: the caller should retry; the service recovers by itself when it returns. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(Throwable cause) {
        super("the customer store is unavailable", cause);
    }
}
