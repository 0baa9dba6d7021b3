package io.tally.license.web.problems;

/** A request body or parameter that says nothing Tally can act on. */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
