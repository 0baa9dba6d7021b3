package io.tally.license.web.licences;

import io.tally.license.web.problems.PayloadTooLargeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body or part up to a limit; one byte more and the request is refused as too large. */
final class BoundedBody {

    private BoundedBody() {
    }

    static byte[] read(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int total = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            total += n;
            if (total > limit) {
                throw new PayloadTooLargeException(limit);
            }
            body.write(buffer, 0, n);
        }
        return body.toByteArray();
    }
}
