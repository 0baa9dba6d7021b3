package io.tally.license.web.requests;

import io.tally.license.licences.LicenceFormat;
import io.tally.license.web.problems.PayloadTooLargeException;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Bounds every request body of the API before anything parses it: a streamed body is cut off at the
 * limit (a declared length over it never gets here: {@code RequestGuard} refuses it first).
 */
@Provider
public class UploadLimit implements ContainerRequestFilter {

    public static final int MAX_REQUEST_BYTES = LicenceFormat.MAX_BYTES + 16 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        if (HttpMethod.GET.equals(request.getMethod()) || HttpMethod.DELETE.equals(request.getMethod())) {
            return;
        }
        request.setEntityStream(new Limited(request.getEntityStream(), MAX_REQUEST_BYTES));
    }

    private static final class Limited extends FilterInputStream {
        private final long limit;
        private long count;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b != -1) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            count += n;
            if (count > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }
    }
}
