package io.coldchain.server.web;

/** A field of an otherwise well-formed request is invalid, e.g. it names an unknown asset: 400. */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
