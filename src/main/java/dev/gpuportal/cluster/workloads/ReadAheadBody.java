package dev.gpuportal.cluster.workloads;

import io.fabric8.kubernetes.client.http.AsyncBody;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/**
 * A response body of fabric8's HTTP client read as a stream, for the routes through the API server. fabric8's own
 * stream copies byte by byte and asks for the next chunk only once the reader waits for it, which held a large
 * download to half the speed of the service proxy alone; this one copies chunks whole and keeps up to
 * {@link #READ_AHEAD} bytes on their way while the reader writes the last ones to the browser (bounded, so a slow
 * browser slows the workload and the heap stays flat). fabric8's {@code consume()} is never called while this
 * object's lock is held: the client's event loop holds its own lock while it hands a chunk over.
 */
final class ReadAheadBody extends InputStream implements AsyncBody.Consumer<List<ByteBuffer>> {

    static final long READ_AHEAD = 1 << 20;

    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
    private long queued;
    private boolean asked;
    private boolean ended;
    private Throwable failed;
    private boolean closed;
    private AsyncBody body;

    /** Starts reading once the response's head is there. */
    void start(AsyncBody body) {
        synchronized (this) {
            this.body = body;
            asked = true;
        }
        body.done().whenComplete((done, error) -> {
            synchronized (this) {
                ended = true;
                failed = error;
                notifyAll();
            }
        });
        body.consume();
    }

    @Override
    public void consume(List<ByteBuffer> value, AsyncBody from) {
        boolean askMore;
        synchronized (this) {
            for (ByteBuffer chunk : value) {
                if (chunk.hasRemaining() && !closed) {
                    chunks.add(chunk);
                    queued += chunk.remaining();
                }
            }
            askMore = !closed && !ended && queued < READ_AHEAD;
            asked = askMore;
            notifyAll();
        }
        if (askMore) {
            from.consume();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        while (true) {
            int read = 0;
            boolean ask;
            synchronized (this) {
                if (closed) {
                    throw new IOException("Body closed");
                }
                while (read < length && !chunks.isEmpty()) {
                    ByteBuffer chunk = chunks.peek();
                    int n = Math.min(length - read, chunk.remaining());
                    chunk.get(buffer, offset + read, n);
                    read += n;
                    if (!chunk.hasRemaining()) {
                        chunks.poll();
                    }
                }
                queued -= read;
                if (read == 0 && failed != null) {
                    throw new IOException("The workload's answer broke off", failed);
                }
                if (read == 0 && ended) {
                    return -1;
                }
                ask = !asked && !ended && queued < READ_AHEAD;
                asked |= ask;
                if (read == 0 && !ask) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException();
                    }
                }
            }
            if (ask) {
                body.consume();
            }
            if (read > 0) {
                return read;
            }
        }
    }

    @Override
    public synchronized int available() {
        return (int) Math.min(Integer.MAX_VALUE, queued);
    }

    /** Whether the body was read to its end (then closing it keeps the pooled connection). */
    synchronized boolean ended() {
        return ended && chunks.isEmpty();
    }

    @Override
    public void close() {
        boolean cancel;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            cancel = !ended && body != null;
            chunks.clear();
            queued = 0;
            notifyAll();
        }
        if (cancel) {
            body.cancel(); // the workload stops sending
        }
    }
}
