package io.coldchain.server.web;

/** The request conflicts with the current state (a stale version, a reference in use): 409. */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
