package io.tally.license.web.problems;

import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;

/**
 * Two requests changed the same thing at once and the database kept one (a unique key, a lock):
 * 409, and the client may simply try again. Any other persistence failure is an internal error.
 */
@Provider
public class ConcurrentChangeMapper implements ExceptionMapper<PersistenceException> {

    @Override
    public Response toResponse(PersistenceException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("23") || sql.getSQLState().startsWith("40"))) {
                return Problem.response(409, "concurrent-change", "Another request changed this at the same time.",
                        "Nothing of this request was stored; send it again.");
            }
        }
        return FallbackMapper.internalError(e);
    }
}
