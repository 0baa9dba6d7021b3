package io.tally.license.web.problems;

import io.tally.license.licences.service.LicenceNotFoundException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

@Provider
public class LicenceNotFoundMapper implements ExceptionMapper<LicenceNotFoundException> {

    @Override
    public Response toResponse(LicenceNotFoundException e) {
        return Problem.response(404, "not-found", "No such licence.", e.getMessage());
    }
}
