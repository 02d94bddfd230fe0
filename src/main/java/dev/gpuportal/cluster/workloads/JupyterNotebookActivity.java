package dev.gpuportal.cluster.workloads;

import dev.gpuportal.access.RouteKind;
import dev.gpuportal.access.RoutePaths;
import dev.gpuportal.cluster.registry.ClusterRegistry;
import dev.gpuportal.cluster.registry.KubernetesProperties;
import dev.gpuportal.cluster.registry.RegisteredCluster;
import dev.gpuportal.tenancy.TenantSnapshots;
import dev.gpuportal.workload.NotebookActivity;
import dev.gpuportal.workload.WorkloadRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks a notebook's Jupyter server for {@code /api/status} through the API server's service proxy, so the portal
 * needs no network path to the pods. {@code last_activity} covers kernels running code, terminals and API use.
 */
@Component
class JupyterNotebookActivity implements NotebookActivity {

    private static final Logger log = LoggerFactory.getLogger(JupyterNotebookActivity.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long TIMEOUT_SECONDS = 5;

    private final ClusterRegistry registry;
    private final TenantSnapshots tenants;
    private final KubernetesProperties properties;

    JupyterNotebookActivity(ClusterRegistry registry, TenantSnapshots tenants, KubernetesProperties properties) {
        this.registry = registry;
        this.tenants = tenants;
        this.properties = properties;
    }

    @Override
    public Optional<Instant> lastActivity(WorkloadRequest notebook, String tenantSlug) {
        Optional<RegisteredCluster> cluster = tenants.find(tenantSlug).flatMap(registry::workloadClusterOf);
        Optional<KubernetesClient> client = cluster.map(RegisteredCluster::client);
        if (client.isEmpty()) {
            return Optional.empty();
        }
        String namespace = properties.namespaceOf(tenantSlug);
        try {
            // from the watch cache: the culler asks every running notebook each pass, and an idle portal sends no GET
            Optional<String> token = NotebookTokens.cached(cluster.get(), namespace, notebook.getName());
            if (token.isEmpty()) {
                return Optional.empty();
            }
            String url = statusUrl(
                    client.get().getMasterUrl().toString(), namespace, tenantSlug, notebook.getName(), token.get());
            var http = client.get().getHttpClient();
            HttpRequest request = http.newHttpRequestBuilder()
                    .uri(url)
                    .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .build();
            var response = http.sendAsync(request, String.class).get(TIMEOUT_SECONDS + 1, TimeUnit.SECONDS);
            if (response.code() != 200) {
                log.debug("Notebook {}/{} status: HTTP {}", tenantSlug, notebook.getName(), response.code());
                return Optional.empty();
            }
            return lastActivityOf(response.body());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("Notebook {}/{} status unavailable: {}", tenantSlug, notebook.getName(), e.toString());
            return Optional.empty();
        }
    }

    /**
     * The service-proxy URL of the notebook's {@code /api/status}: its Service's port by name, and Jupyter serving
     * under its route's prefix.
     */
    static String statusUrl(String apiServer, String namespace, String tenantSlug, String service, String token) {
        return apiServer.replaceAll("/+$", "") + WorkloadRouteUpstream.serviceProxyPath(namespace, service)
                + RoutePaths.base(RouteKind.NOTEBOOKS, tenantSlug, service) + "api/status?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /** Reads {@code last_activity} from Jupyter's status document. */
    static Optional<Instant> lastActivityOf(String statusJson) {
        try {
            JsonNode status = JSON.readTree(statusJson);
            JsonNode last = status.get("last_activity");
            return last == null || !last.isString() ? Optional.empty() : Optional.of(Instant.parse(last.asString()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
