package io.tally.license.web.problems;

import jakarta.ws.rs.WebApplicationException;

/** A request body that did not arrive in time; answered 408 and the connection closed. */
public class RequestTimeoutException extends WebApplicationException {

    public RequestTimeoutException(String message) {
        super(message, 408);
    }
}
