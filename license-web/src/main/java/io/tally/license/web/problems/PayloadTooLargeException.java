package io.tally.license.web.problems;

import jakarta.ws.rs.WebApplicationException;

/** A request body beyond what the resource accepts; thrown while the body is still being read. */
public class PayloadTooLargeException extends WebApplicationException {

    private final long limit;

    public PayloadTooLargeException(long limit) {
        super(413);
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
