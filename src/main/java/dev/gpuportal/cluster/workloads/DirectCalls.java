package dev.gpuportal.cluster.workloads;

import dev.gpuportal.access.WorkloadUpstream.SocketListener;
import dev.gpuportal.access.WorkloadUpstream.UpstreamRequest;
import dev.gpuportal.access.WorkloadUpstream.UpstreamResponse;
import dev.gpuportal.access.WorkloadUpstream.UpstreamSocket;
import dev.gpuportal.access.WorkloadUpstream.UpstreamTimeoutException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calls straight to a workload's Service (the {@code direct} upstream, for a portal running in the cluster), with
 * the JDK's HTTP client: no credentials of any kind, bodies streamed both ways, WebSocket text and binary messages
 * passed as they are, one message asked for at a time.
 */
final class DirectCalls {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    UpstreamResponse exchange(String url, UpstreamRequest request) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(request.timeout());
        request.headers().forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
        InputStream body = request.body();
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : request.contentLength() > 0
                        ? HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> body), request.contentLength())
                        : HttpRequest.BodyPublishers.ofInputStream(() -> body);
        builder.method(request.method(), publisher);
        try {
            HttpResponse<InputStream> response = http.sendAsync(
                            builder.build(), HttpResponse.BodyHandlers.ofInputStream())
                    .get();
            return new Response(response);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                throw new UpstreamTimeoutException("No answer within " + request.timeout(), e.getCause());
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    CompletableFuture<UpstreamSocket> connect(
            String url, UpstreamRequest request, List<String> subprotocols, SocketListener listener) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(request.timeout());
        request.headers().forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(
                    subprotocols.getFirst(),
                    subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        return builder.buildAsync(URI.create(url.replaceFirst("^http", "ws")), new Messages(listener))
                .thenApply(Socket::new);
    }

    private record Response(HttpResponse<InputStream> response) implements UpstreamResponse {
        @Override
        public int status() {
            return response.statusCode();
        }

        @Override
        public Map<String, List<String>> headers() {
            return response.headers().map();
        }

        @Override
        public InputStream body() {
            return response.body();
        }

        @Override
        public void close() throws IOException {
            response.body().close();
        }
    }

    /** Puts message parts together and hands whole messages on; the next part is asked for by the bridge. */
    private static final class Messages implements WebSocket.Listener {
        private final SocketListener listener;
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        Messages(SocketListener listener) {
            this.listener = listener;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            // nothing asked for yet: the bridge asks once the browser's side is open
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String whole = text.toString();
                text.setLength(0);
                listener.onText(whole);
            } else {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            if (last && binary.size() == 0) {
                listener.onBinary(data);
                return null;
            }
            byte[] part = new byte[data.remaining()];
            data.get(part);
            binary.writeBytes(part);
            if (last) {
                ByteBuffer whole = ByteBuffer.wrap(binary.toByteArray());
                binary.reset();
                listener.onBinary(whole);
            } else {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            webSocket.request(1); // the client answers pings itself; they are no message of the bridge's
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            listener.onClose(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            listener.onError(error);
        }
    }

    /** The JDK's WebSocket allows one send at a time: sends are chained, and their bytes counted until done. */
    private static final class Socket implements UpstreamSocket {
        private final WebSocket socket;
        private final AtomicLong queued = new AtomicLong();
        private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

        Socket(WebSocket socket) {
            this.socket = socket;
        }

        @Override
        public synchronized boolean send(ByteBuffer binary) {
            return chain(binary.remaining(), () -> socket.sendBinary(binary, true));
        }

        @Override
        public synchronized boolean sendText(String text) {
            return chain(text.length(), () -> socket.sendText(text, true));
        }

        private boolean chain(long size, java.util.function.Supplier<CompletableFuture<WebSocket>> send) {
            if (socket.isOutputClosed()) {
                return false;
            }
            queued.addAndGet(size);
            sending = sending.thenCompose(done -> send.get()).whenComplete((done, error) -> queued.addAndGet(-size));
            return true;
        }

        @Override
        public long queued() {
            return queued.get();
        }

        @Override
        public synchronized void close(int code, String reason) {
            if (!socket.isOutputClosed()) {
                sending = sending.handle((done, error) -> null)
                        .thenCompose(done -> socket.sendClose(code, reason))
                        .whenComplete((done, error) -> {
                            if (error != null) {
                                socket.abort();
                            }
                        });
            }
        }

        @Override
        public void request() {
            socket.request(1);
        }
    }
}
