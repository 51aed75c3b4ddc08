package io.coldchain.gateway.store;

/**
 * The store is up but refused what it was given (a value it cannot hold, a constraint): the fault
 * lies in the data, not in the store, so retrying the same batch would fail forever. The pipeline
 * then stores the batch piece by piece and dead-letters what is refused.
 */
public class DataRejectedException extends RuntimeException {
    public DataRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
