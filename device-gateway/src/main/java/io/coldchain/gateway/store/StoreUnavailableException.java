package io.coldchain.gateway.store;

/** The store could not be reached or refused the write: nothing of the batch may be acknowledged. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
