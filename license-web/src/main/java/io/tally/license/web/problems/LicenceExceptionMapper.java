package io.tally.license.web.problems;

import io.tally.license.spi.LicenceException;
import io.tally.license.spi.RefusalCode;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A start or a transfer report Tally refused: 403 with the reason's code; 503 when the database does not answer. */
@Provider
public class LicenceExceptionMapper implements ExceptionMapper<LicenceException> {

    @Override
    public Response toResponse(LicenceException e) {
        if (e.code().equals(RefusalCode.DATABASE_UNAVAILABLE.code())) {
            return Response.fromResponse(Problem.response(503, e.code(), "Tally cannot decide this now.", e.getMessage()))
                    .header("Retry-After", "5").build();
        }
        return Problem.response(403, e.code(), "The licence does not allow this.", e.getMessage());
    }
}
