package io.tally.license.web.problems;

import io.tally.license.spi.LicenceException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A start or a transfer report Tally refused: 403 with the reason's code. */
@Provider
public class LicenceExceptionMapper implements ExceptionMapper<LicenceException> {

    @Override
    public Response toResponse(LicenceException e) {
        return Problem.response(403, e.code(), "The licence does not allow this.", e.getMessage());
    }
}
