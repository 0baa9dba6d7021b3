package io.tally.license.web.problems;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;

/** JAX-RS's own refusals (no such path, wrong method or media type, unreadable body) as problem documents. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        int code = status.getStatusCode();
        if (code >= 500) {
            return FallbackMapper.internalError(e);
        }
        String name = status.getReasonPhrase() == null ? "http-" + code
                : status.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-");
        Response.ResponseBuilder response = Response.fromResponse(e.getResponse())
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.json(code, code == 404 ? "not-found" : name, status.getReasonPhrase(), null));
        return response.build();
    }
}
