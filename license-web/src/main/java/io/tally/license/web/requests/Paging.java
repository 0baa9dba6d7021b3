package io.tally.license.web.requests;

import io.tally.license.web.problems.InvalidRequestException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * Every list over HTTP is a page: {@code limit} items at the most (default 100, at most 1 000), after
 * the cursor {@code after}, and a {@code Link: <…>; rel="next"} header to the next page while there is one.
 */
public final class Paging {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1_000;

    private Paging() {
    }

    public static int limit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        if (!limit.matches("[0-9]{1,6}") || Integer.parseInt(limit) < 1 || Integer.parseInt(limit) > MAX_LIMIT) {
            throw new InvalidRequestException("limit must be from 1 to " + MAX_LIMIT + ", not '" + Shown.of(limit) + "'.");
        }
        return Integer.parseInt(limit);
    }

    /**
     * The page's answer: the first {@code limit} of the items read (read one more than the limit to
     * know whether a next page exists), and the link to it, after the last item's cursor.
     */
    public static <T> Response page(List<T> readOneMore, int limit, java.util.function.Function<T, String> cursor, UriInfo uri) {
        if (readOneMore.size() <= limit) {
            return Response.ok(readOneMore).build();
        }
        List<T> page = readOneMore.subList(0, limit);
        String next = uri.getRequestUriBuilder().replaceQueryParam("after", cursor.apply(page.get(limit - 1))).build().toString();
        return Response.ok(page).header("Link", "<" + next + ">; rel=\"next\"").build();
    }
}
