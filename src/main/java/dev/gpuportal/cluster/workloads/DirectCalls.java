package dev.gpuportal.cluster.workloads;

import dev.gpuportal.access.WorkloadUpstream.SocketListener;
import dev.gpuportal.access.WorkloadUpstream.UpstreamRequest;
import dev.gpuportal.access.WorkloadUpstream.UpstreamResponse;
import dev.gpuportal.access.WorkloadUpstream.UpstreamSocket;
import dev.gpuportal.access.WorkloadUpstream.UpstreamTimeoutException;
import jakarta.annotation.PreDestroy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Calls straight to a workload's Service (the {@code direct} upstream, for a portal running in the cluster): no
 * credentials of any kind, bodies streamed both ways. HTTP goes through Apache HttpClient's blocking client with
 * pooled keep-alive connections: the request thread reads the workload's answer straight from the socket into the
 * route's buffer, several times cheaper per byte than the JDK client's selector thread and queue of small buffers
 * (which halved a large download's speed). WebSockets use the JDK's client: text and binary messages passed as they
 * are, one message asked for at a time.
 */
final class DirectCalls {

    // Per Service, not per portal: a notebook's page loads dozens of files at once.
    private static final int CONNECTIONS_PER_SERVICE = 50;
    private static final int CONNECTIONS = 500;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();

    // Answers pass as they are: no redirects followed, nothing decompressed, no retries, no cookies kept.
    private final CloseableHttpClient calls = HttpClients.custom()
            .setConnectionManager(new ChannelSockets()
                    .setMaxConnPerRoute(CONNECTIONS_PER_SERVICE)
                    .setMaxConnTotal(CONNECTIONS)
                    .setDefaultConnectionConfig(ConnectionConfig.custom()
                            .setConnectTimeout(Timeout.of(CONNECT_TIMEOUT))
                            .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                            .build())
                    .build())
            .disableRedirectHandling()
            .disableContentCompression()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .evictIdleConnections(TimeValue.ofSeconds(30))
            .build();

    /**
     * Connections on channel-backed sockets: a plain socket reads at most 128 kB per call however much the kernel
     * holds, a channel's socket all it holds up to the caller's buffer, so a large answer takes fewer reads.
     */
    private static final class ChannelSockets extends PoolingHttpClientConnectionManagerBuilder {
        @Override
        protected HttpClientConnectionOperator createConnectionOperator(
                SchemePortResolver ports, DnsResolver dns, TlsSocketStrategy tls) {
            return new DefaultHttpClientConnectionOperator(
                    proxy -> SocketChannel.open().socket(),
                    ports,
                    dns,
                    RegistryBuilder.<TlsSocketStrategy>create().build());
        }
    }

    UpstreamResponse exchange(String url, UpstreamRequest request) throws IOException {
        ClassicHttpRequest call = new BasicClassicHttpRequest(request.method(), URI.create(url));
        request.headers().forEach((name, values) -> values.forEach(v -> call.addHeader(name, v)));
        if (request.body() != null) {
            call.setEntity(new InputStreamEntity(request.body(), request.contentLength(), null));
        }
        HttpClientContext context = HttpClientContext.create();
        context.setRequestConfig(RequestConfig.custom()
                .setResponseTimeout(Timeout.of(request.timeout()))
                .setConnectionRequestTimeout(Timeout.of(request.timeout()))
                .build());
        try {
            ClassicHttpResponse response = calls.executeOpen(null, call, context);
            HttpEntity entity = response.getEntity();
            return new Response(response, entity == null ? null : entity.getContent());
        } catch (SocketTimeoutException | ConnectionRequestTimeoutException e) { // connect timeouts included
            throw new UpstreamTimeoutException("No answer within " + request.timeout(), e);
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

    @PreDestroy
    void close() {
        calls.close(CloseMode.IMMEDIATE);
    }

    /**
     * A workload's answer. Closing it with its body read to the end returns the connection to the pool; closing it
     * early drops the connection, so the workload stops sending.
     */
    private record Response(ClassicHttpResponse response, InputStream body) implements UpstreamResponse {
        @Override
        public int status() {
            return response.getCode();
        }

        @Override
        public Map<String, List<String>> headers() {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (Header header : response.getHeaders()) {
                headers.computeIfAbsent(header.getName(), n -> new ArrayList<>(1))
                        .add(header.getValue());
            }
            return headers;
        }

        @Override
        public void close() throws IOException {
            response.close();
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
