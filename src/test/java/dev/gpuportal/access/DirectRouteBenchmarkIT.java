package dev.gpuportal.access;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.gpuportal.cluster.tenants.TenantReconciler;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.security.Authorities;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.testsupport.dns.ClusterDns;
import dev.gpuportal.testsupport.kubernetes.SimulatedClusterSpringTest;
import dev.gpuportal.workload.ObservedPhase;
import dev.gpuportal.workload.WorkloadForm;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadView;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * What the route costs with the {@code direct} upstream, as for a portal running in the cluster: the route calls the
 * Service's cluster DNS name, which the tests' {@link ClusterDns} resolves to the model server (on port 80 of a
 * loopback address of its own, as a Service listens). Latency of small calls directly and through the route, and a
 * 200 MB download both ways with the heap sampled. A portal context of its own (the direct upstream), so run it on
 * its own: {@code ./mvnw verify -Pbenchmarks -Dit.test=DirectRouteBenchmarkIT}. Prints lines starting BENCHMARK.
 */
@TestPropertySource(properties = "gpu-portal.access.upstream=direct")
@DirtiesContext
class DirectRouteBenchmarkIT extends SimulatedClusterSpringTest {

    @LocalServerPort
    int port;

    @Autowired
    TenantService tenants;

    @Autowired
    MembershipService memberships;

    @Autowired
    QuotaService quotas;

    @Autowired
    TenantReconciler tenantReconciler;

    @Autowired
    WorkloadService workloads;

    @Autowired
    EndpointKeys keys;

    @Test
    void addedLatencyAndDownloadThroughputOfTheDirectUpstream() throws Exception {
        InetAddress address = InetAddress.getByAddress(
                new byte[] {127, 0, (byte) ThreadLocalRandom.current().nextInt(1, 250), 80});
        HttpServer model = RouteBenchmarks.modelServer(address, 80);
        ClusterDns.register("model.bench-direct.svc", address);
        try {
            AsPlatformAdmin.run(() -> {
                tenants.create(
                        new TenantDraft("bench-direct", "bench-direct", null, IsolationTier.SHARED, List.of()),
                        List.of("sim"));
                memberships.grant("bench-direct", SubjectType.GROUP, "bench-team", TenantRole.MEMBER);
                quotas.update(
                        "bench-direct",
                        QuotaService.NO_QUOTA_YET,
                        new QuotaDraft("2", Map.of(), "200", "800Gi", "10Ti", "50", ""));
            });
            tenantReconciler.reconcile("bench-direct");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> cluster.admin()
                                    .resourceQuotas()
                                    .inNamespace("bench-direct")
                                    .withName("gpu-portal-quota")
                                    .get()
                                    .getStatus()
                            != null);
            SecurityContextHolder.getContext()
                    .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                            "bea", null, Authorities.of(Set.of("bench-team"), false)));
            WorkloadView ep;
            String key;
            try {
                ep = workloads.submit(new WorkloadForm.Inference(
                        "bench-direct",
                        "model",
                        "nvcr.io/nvidia/tritonserver:26.10-py3",
                        "8000",
                        "1",
                        "2Gi",
                        "",
                        "0",
                        "1",
                        "1",
                        "70",
                        "/v2/health/ready"));
                key = keys.create(ep.id(), "bench").key();
            } finally {
                SecurityContextHolder.clearContext();
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            AsPlatformAdmin.call(() -> workloads.get(ep.id()).phase()) == ObservedPhase.RUNNING);

            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI direct = URI.create("http://" + address.getHostAddress() + ":80");
            URI route = URI.create("http://localhost:" + port + "/t/bench-direct/endpoints/model/");
            HttpRequest.Builder viaRoute =
                    HttpRequest.newBuilder(route.resolve("small")).header("Authorization", "Bearer " + key);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> http.send(viaRoute.build(), HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200);

            RouteBenchmarks.reportLoad("before");
            long[][] ns = RouteBenchmarks.timeInTurn(
                    () -> http.send(
                            HttpRequest.newBuilder(direct.resolve("/small")).build(),
                            HttpResponse.BodyHandlers.discarding()),
                    () -> http.send(viaRoute.build(), HttpResponse.BodyHandlers.discarding()));
            RouteBenchmarks.report("direct to the model server", ns[0]);
            RouteBenchmarks.report("portal route (key, direct upstream)", ns[1]);
            RouteBenchmarks.reportAdded("route (direct upstream) added over direct", ns[1], ns[0]);

            double[][] rates = RouteBenchmarks.downloadInTurn(
                    RouteBenchmarks.Download.of("direct", http, HttpRequest.newBuilder(direct.resolve("/big"))),
                    RouteBenchmarks.Download.of(
                            "portal route (direct upstream)",
                            http,
                            HttpRequest.newBuilder(route.resolve("big")).header("Authorization", "Bearer " + key)),
                    RouteBenchmarks.Download.curl("direct (curl)", direct.resolve("/big")),
                    RouteBenchmarks.Download.curl(
                            "portal route (direct upstream, curl)",
                            route.resolve("big"),
                            "Authorization: Bearer " + key));
            System.out.printf(
                    "BENCHMARK download through the route (direct upstream): %.2f x direct (median of %d rounds), best"
                            + " round over best round %.2f%n",
                    RouteBenchmarks.medianRatio(rates, 1, 0), rates.length, RouteBenchmarks.bestRatio(rates, 1, 0));
            System.out.printf(
                    "BENCHMARK download through the route by curl (direct upstream): %.2f x direct (median of %d"
                            + " rounds), best round over best round %.2f%n",
                    RouteBenchmarks.medianRatio(rates, 3, 2), rates.length, RouteBenchmarks.bestRatio(rates, 3, 2));
            RouteBenchmarks.reportLoad("after");
        } finally {
            ClusterDns.unregister("model.bench-direct.svc");
            model.stop(0);
        }
    }
}
