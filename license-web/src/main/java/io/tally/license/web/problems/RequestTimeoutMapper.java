package io.tally.license.web.problems;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

@Provider
public class RequestTimeoutMapper implements ExceptionMapper<RequestTimeoutException> {

    @Override
    public Response toResponse(RequestTimeoutException e) {
        return Response.fromResponse(Problem.response(408, "request-timeout", "The request body did not arrive in time.", e.getMessage()))
                .header("Connection", "close")
                .build();
    }
}
