package io.tally.license.web.problems;

import io.tally.license.points.IntegrationNotFoundException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

@Provider
public class IntegrationNotFoundMapper implements ExceptionMapper<IntegrationNotFoundException> {

    @Override
    public Response toResponse(IntegrationNotFoundException e) {
        return Problem.response(404, "not-found", "No such integration.", e.getMessage());
    }
}
