package dev.gpuportal.cluster.workloads;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Undoes what the API server's service proxy does to HTML: it puts its own path
 * ({@code /api/v1/namespaces/<ns>/services/<svc>/proxy}) before every absolute link, which would send the browser
 * round the route. Streams: holds back no more than the prefix's length, so a large page never sits in memory whole.
 */
final class ProxyPrefixStripping extends FilterInputStream {

    private final byte[] prefix;
    private final byte[] window;
    private int windowLength;
    private boolean ended;

    ProxyPrefixStripping(InputStream in, String prefix) {
        super(new java.io.BufferedInputStream(in, 64 * 1024));
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        this.window = new byte[this.prefix.length];
    }

    @Override
    public int read() throws IOException {
        while (true) {
            // Fill the window up to the prefix's length, or to the end of the stream.
            while (windowLength < prefix.length && !ended) {
                int b = in.read();
                if (b < 0) {
                    ended = true;
                } else {
                    window[windowLength++] = (byte) b;
                }
            }
            if (windowLength == 0) {
                return -1;
            }
            if (windowLength == prefix.length && Arrays.equals(window, prefix)) {
                windowLength = 0; // drop the prefix
                continue;
            }
            int first = window[0] & 0xff;
            System.arraycopy(window, 1, window, 0, windowLength - 1);
            windowLength--;
            return first;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            int c = read();
            if (c < 0) {
                return n == 0 ? -1 : n;
            }
            b[off + n++] = (byte) c;
            if (windowLength == 0 && ended) {
                break;
            }
        }
        return n;
    }

    @Override
    public int available() {
        return 0;
    }
}
