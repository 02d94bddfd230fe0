package dev.gpuportal.access;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The way to a workload's HTTP server, implemented where the clusters are known. The caller has already decided
 * that the request may pass; the implementation adds what the workload needs (a notebook's token) and never the
 * portal's own credentials.
 */
public interface WorkloadUpstream {

    /** The namespace a tenant's workloads run in, for the {@code kubectl port-forward} line. */
    String namespaceOf(String tenantSlug);

    /** Sends one request and returns once the response's head is there; its body is read as it comes. */
    UpstreamResponse exchange(UpstreamRequest request) throws IOException;

    /** Opens a WebSocket to the workload; messages arrive at the listener one at a time. */
    CompletableFuture<UpstreamSocket> connect(
            UpstreamRequest request, List<String> subprotocols, SocketListener listener);

    /**
     * One request to a workload.
     *
     * @param body the request body as it arrives (streamed), or null
     * @param contentLength its length, or -1 when unknown
     */
    record UpstreamRequest(
            Route route,
            String method,
            Map<String, List<String>> headers,
            InputStream body,
            long contentLength,
            Duration timeout) {}

    /** A response whose body is streamed; closing it releases the connection. */
    interface UpstreamResponse extends AutoCloseable {
        int status();

        Map<String, List<String>> headers();

        InputStream body();

        @Override
        void close() throws IOException;
    }

    /** The workload's side of a WebSocket. */
    interface UpstreamSocket {
        /** Queues a binary message; false when the connection is gone. */
        boolean send(ByteBuffer binary);

        /** Queues a text message; false when the connection is gone. */
        boolean sendText(String text);

        /** Bytes queued and not yet sent: the bridge stops reading the browser when it grows too large. */
        long queued();

        void close(int code, String reason);

        /** Asks for the next message (one is delivered per call, so a slow browser slows the workload). */
        void request();
    }

    /** What the workload's side of a WebSocket says. */
    interface SocketListener {
        void onText(String text);

        void onBinary(ByteBuffer binary);

        void onClose(int code, String reason);

        void onError(Throwable error);
    }

    /** The workload did not answer in time. */
    final class UpstreamTimeoutException extends IOException {
        public UpstreamTimeoutException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
