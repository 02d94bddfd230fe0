package dev.gpuportal.cluster.workloads;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gpuportal.access.AccessSettings;
import dev.gpuportal.access.Route;
import dev.gpuportal.access.RouteKind;
import dev.gpuportal.access.WorkloadUpstream;
import dev.gpuportal.cluster.registry.ClusterRegistry;
import dev.gpuportal.cluster.registry.KubernetesProperties;
import dev.gpuportal.cluster.registry.RegisteredCluster;
import dev.gpuportal.tenancy.TenantSnapshots;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.WebSocket;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * Reaches a workload's Service for the routes, with fabric8's HTTP client: through the API server's service proxy
 * with the cluster's own client (its credentials and TLS settings; the default, works wherever the portal runs), or
 * straight to the Service's cluster DNS name with a client that carries no credentials at all. A dedicated tenant's
 * workloads are reached through its virtual cluster. Notebooks get their Jupyter token as the {@code token} query
 * parameter: the API server keeps the Authorization header for itself.
 */
@Component
class WorkloadRouteUpstream implements WorkloadUpstream {

    private static final Duration TOKEN_TTL = Duration.ofMinutes(1);

    private final ClusterRegistry registry;
    private final TenantSnapshots tenants;
    private final KubernetesProperties properties;
    private final AccessSettings settings;
    private final Clock clock;
    private final Map<KubernetesClient, HttpClient> proxyClients = new WeakHashMap<>();
    private final Map<String, CachedToken> tokens = new ConcurrentHashMap<>();
    // Straight to the Service, with a client of its own that carries none of the cluster's credentials.
    private final DirectCalls direct = new DirectCalls();
    // The cluster of each tenant, else looked up in the database on every call; remembered briefly, as a tenant's
    // cluster changes rarely (a dedicated tenant's own cluster coming up, a tenant removed).
    private final Cache<String, Optional<RegisteredCluster>> clusterOf = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(5))
            .maximumSize(10_000)
            .build();

    private record CachedToken(String token, Instant readAt) {}

    WorkloadRouteUpstream(
            ClusterRegistry registry,
            TenantSnapshots tenants,
            KubernetesProperties properties,
            AccessSettings settings,
            Clock clock) {
        this.registry = registry;
        this.tenants = tenants;
        this.properties = properties;
        this.settings = settings;
        this.clock = clock;
    }

    @PreDestroy
    void close() {
        direct.close();
    }

    @Override
    public String namespaceOf(String tenantSlug) {
        return properties.namespaceOf(tenantSlug);
    }

    @Override
    public UpstreamResponse exchange(UpstreamRequest request) throws IOException {
        Target target = target(request.route());
        if (target.http() == null) {
            return direct.exchange(target.url(), request);
        }
        HttpRequest.Builder builder = target.http()
                .newHttpRequestBuilder()
                .uri(target.url())
                .timeout(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        request.headers().forEach((name, values) -> {
            // Through the API server, HTML comes back with its links rewritten (undone below): uncompressed, please.
            if (target.proxyPrefix().isEmpty() || !name.equalsIgnoreCase("Accept-Encoding")) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        if (request.body() != null) {
            builder.method(request.method(), null, request.body(), request.contentLength());
        } else {
            builder.method(request.method(), null, (String) null);
        }
        ReadAheadBody body = new ReadAheadBody();
        CompletableFuture<HttpResponse<AsyncBody>> sent = target.http().consumeBytes(builder.build(), body);
        // The body is asked for where the head arrives (the client's event loop), not by the request thread once it
        // has woken up: a small answer's body is then usually there when the request thread reads it, instead of
        // costing one more round between the two threads.
        CompletableFuture<HttpResponse<AsyncBody>> started = sent.thenApply(response -> {
            body.start(response.body());
            return response;
        });
        try {
            HttpResponse<AsyncBody> response = started.get(request.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
            return new Response(response, body, target.proxyPrefix());
        } catch (TimeoutException e) {
            sent.cancel(true);
            started.thenRun(body::close); // a head that comes after all: its body is not wanted
            throw new UpstreamTimeoutException("No answer within " + request.timeout(), e);
        } catch (ExecutionException e) {
            if (isTimeout(e.getCause())) {
                throw new UpstreamTimeoutException("No answer within " + request.timeout(), e.getCause());
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public CompletableFuture<UpstreamSocket> connect(
            UpstreamRequest request, List<String> subprotocols, SocketListener listener) {
        Target target;
        try {
            target = target(request.route());
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (target.http() == null) {
            return direct.connect(target.url(), request, subprotocols, listener);
        }
        WebSocket.Builder builder = target.http()
                .newWebSocketBuilder()
                .uri(WebSocket.toWebSocketUri(URI.create(target.url())))
                .connectTimeout(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        request.headers().forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
        subprotocols.forEach(builder::subprotocol);
        return builder.buildAsync(new WebSocket.Listener() {
                    @Override
                    public void onMessage(WebSocket webSocket, String text) {
                        listener.onText(text);
                    }

                    @Override
                    public void onMessage(WebSocket webSocket, ByteBuffer bytes) {
                        listener.onBinary(bytes);
                    }

                    @Override
                    public void onClose(WebSocket webSocket, int code, String reason) {
                        listener.onClose(code, reason);
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        listener.onError(error);
                    }
                })
                .thenApply(Socket::new);
    }

    private record Socket(WebSocket socket) implements UpstreamSocket {
        @Override
        public boolean send(ByteBuffer binary) {
            return socket.send(binary);
        }

        /**
         * fabric8's WebSocket sends binary messages only: a text message goes on as its UTF-8 bytes in a binary one.
         * Jupyter's kernels take that in the binary protocol JupyterLab speaks, not in the old JSON one; the direct
         * upstream passes text as text.
         */
        @Override
        public boolean sendText(String text) {
            return socket.send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public long queued() {
            return socket.queueSize();
        }

        @Override
        public void close(int code, String reason) {
            socket.sendClose(code, reason);
        }

        @Override
        public void request() {
            socket.request();
        }
    }

    /**
     * Where a route's request goes, with which client (none: {@link DirectCalls}), and the prefix the API server's
     * proxy puts before paths.
     */
    private record Target(HttpClient http, String url, String proxyPrefix) {}

    private Target target(Route route) throws IOException {
        String slug = route.tenant();
        RegisteredCluster cluster = clusterOf
                .get(slug, s -> tenants.find(s).flatMap(registry::workloadClusterOf))
                .orElseThrow(() -> new IOException("No cluster serves tenant " + slug));
        KubernetesClient client = cluster.client();
        String namespace = properties.namespaceOf(slug);
        String pathAndQuery = route.upstreamPathAndQuery();
        if (route.kind() == RouteKind.NOTEBOOKS) {
            String token = token(client, namespace, route.workload())
                    .orElseThrow(() -> new IOException("The notebook's token is not there yet"));
            pathAndQuery = pathAndQuery + (route.query().isEmpty() ? "?" : "&") + "token="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8);
        }
        // A dedicated tenant's Services are known only inside its virtual cluster: always through its API server.
        if (settings.upstream() == AccessSettings.UpstreamMode.DIRECT && !cluster.virtual()) {
            return new Target(null, "http://" + route.workload() + "." + namespace + ".svc" + pathAndQuery, "");
        }
        String prefix =
                URI.create(client.getMasterUrl().toString()).getRawPath().replaceAll("/+$", "")
                        + serviceProxyPath(namespace, route.workload());
        String master = client.getMasterUrl().toString().replaceAll("/+$", "");
        return new Target(
                proxied(client), master + serviceProxyPath(namespace, route.workload()) + pathAndQuery, prefix);
    }

    static String serviceProxyPath(String namespace, String service) {
        return "/api/v1/namespaces/" + namespace + "/services/http:" + service + ":http/proxy";
    }

    private Optional<String> token(KubernetesClient client, String namespace, String notebook) {
        String key = System.identityHashCode(client) + "/" + namespace + "/" + notebook;
        CachedToken cached = tokens.get(key);
        Instant now = clock.instant();
        if (cached != null && cached.readAt().plus(TOKEN_TTL).isAfter(now)) {
            return Optional.of(cached.token());
        }
        Optional<String> token = NotebookTokens.read(client, namespace, notebook);
        token.ifPresentOrElse(t -> tokens.put(key, new CachedToken(t, now)), () -> tokens.remove(key));
        return token;
    }

    /** The cluster's client without retries: a workload's 5xx is its answer, not a reason to ask again. */
    private HttpClient proxied(KubernetesClient client) {
        synchronized (proxyClients) {
            return proxyClients.computeIfAbsent(
                    client,
                    c -> c.getHttpClient()
                            .newBuilder()
                            .tag(new RequestConfigBuilder(c.getConfiguration().getRequestConfig())
                                    .withRequestRetryBackoffLimit(0)
                                    .build())
                            .build());
        }
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException
                    || t instanceof java.net.http.HttpTimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A workload's response. Through the API server's proxy, Location headers and the links of HTML pages lose the
     * proxy's path again (and HTML its Content-Length, which no longer holds). A body read to its end is not
     * cancelled: that would reset the request, which costs the pooled connection to the API server (and the next call
     * a new TLS handshake); one given up early is, so the workload stops sending.
     */
    private static final class Response implements UpstreamResponse {
        private final HttpResponse<AsyncBody> response;
        private final String proxyPrefix;
        private final ReadAheadBody body;

        Response(HttpResponse<AsyncBody> response, ReadAheadBody body, String proxyPrefix) {
            this.response = response;
            this.proxyPrefix = proxyPrefix;
            this.body = body;
        }

        private boolean rewrittenHtml() {
            if (proxyPrefix.isEmpty()) {
                return false;
            }
            String type = response.header("Content-Type");
            return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("text/html");
        }

        @Override
        public int status() {
            return response.code();
        }

        @Override
        public Map<String, List<String>> headers() {
            if (proxyPrefix.isEmpty()) {
                return response.headers();
            }
            boolean html = rewrittenHtml();
            Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
            response.headers().forEach((name, values) -> {
                if (name.equalsIgnoreCase("location")) {
                    headers.put(
                            name,
                            values.stream()
                                    .map(l -> l.startsWith(proxyPrefix) ? l.substring(proxyPrefix.length()) : l)
                                    .toList());
                } else if (!(html && name.equalsIgnoreCase("content-length"))) {
                    headers.put(name, values);
                }
            });
            return headers;
        }

        @Override
        public InputStream body() {
            return rewrittenHtml() ? new ProxyPrefixStripping(body, proxyPrefix) : body;
        }

        @Override
        public void close() {
            body.close();
        }
    }
}
