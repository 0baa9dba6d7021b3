package io.tally.license.web.problems;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

@Provider
public class PayloadTooLargeMapper implements ExceptionMapper<PayloadTooLargeException> {

    @Override
    public Response toResponse(PayloadTooLargeException e) {
        // the rest of the body stays unread: closing the connection lets the client see this answer at once
        return Response.fromResponse(Problem.response(413, "too-large", "The request body is too large.",
                "This request takes at most " + e.limit() + " bytes; a licence file has at most 64 KiB."))
                .header("Connection", "close")
                .build();
    }
}
