package io.tally.license.web.problems;

import io.tally.license.licences.LicenceRefusedException;
import io.tally.license.licences.Refusal;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A refused licence file: 413 when too large, 409 when an equal or later issue is installed, else 422. */
@Provider
public class LicenceRefusedMapper implements ExceptionMapper<LicenceRefusedException> {

    @Override
    public Response toResponse(LicenceRefusedException e) {
        return Problem.response(status(e.refusal()), e.refusal().code(), e.refusal().title(), e.detail());
    }

    static int status(Refusal refusal) {
        return switch (refusal) {
            case TOO_LARGE -> 413;
            case NOT_NEWER, TRIAL_RENEWAL -> 409;
            default -> 422;
        };
    }
}
