package dev.gpuportal.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads Prometheus's HTTP API ({@code /api/v1/query}, {@code /api/v1/query_range}) with short timeouts. Answers are
 * cached briefly by query text and time bucket, so that pages re-rendered by push do not ask again; every request
 * that reaches Prometheus is counted (tests assert how many one page view sends).
 */
@Component
class PrometheusClient {

    private final MetricsProperties properties;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Cache<String, List<PromSeries>> cache;
    private final AtomicLong requests = new AtomicLong();

    PrometheusClient(MetricsProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(properties.cacheFor())
                .maximumSize(500)
                .build();
    }

    boolean configured() {
        return properties.configured();
    }

    /** Requests sent to Prometheus so far (cache hits not counted). */
    long requestsSent() {
        return requests.get();
    }

    List<PromSeries> instant(String promql, Instant at) {
        return cached("q|" + promql + "|" + bucket(at), "/api/v1/query", Map.of("query", promql, "time", seconds(at)));
    }

    List<PromSeries> range(String promql, Instant start, Instant end, Duration step) {
        return cached(
                "r|" + promql + "|" + bucket(start) + "|" + bucket(end) + "|" + step.toSeconds(),
                "/api/v1/query_range",
                Map.of(
                        "query", promql,
                        "start", seconds(start),
                        "end", seconds(end),
                        "step", Long.toString(Math.max(1, step.toSeconds()))));
    }

    void forget() {
        cache.invalidateAll();
    }

    private List<PromSeries> cached(String key, String path, Map<String, String> parameters) {
        if (!configured()) {
            throw new MetricsUnavailableException("Metrics are not configured (no Prometheus URL)");
        }
        List<PromSeries> hit = cache.getIfPresent(key);
        if (hit != null) {
            return hit;
        }
        List<PromSeries> answer = send(path, parameters);
        cache.put(key, answer);
        return answer;
    }

    private List<PromSeries> send(String path, Map<String, String> parameters) {
        StringBuilder body = new StringBuilder();
        parameters.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(properties.prometheusUrl().replaceAll("/+$", "") + path))
                .timeout(properties.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        requests.incrementAndGet();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 && !response.body().startsWith("{")) {
                throw new MetricsUnavailableException("Prometheus answered " + response.statusCode());
            }
            return parse(response.body()); // an error's JSON body says what was wrong
        } catch (HttpTimeoutException e) {
            throw new MetricsUnavailableException(
                    "Prometheus did not answer within " + properties.timeout().toMillis() + " ms");
        } catch (IOException e) {
            throw new MetricsUnavailableException("Prometheus cannot be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetricsUnavailableException("Interrupted while asking Prometheus");
        } catch (RuntimeException e) {
            if (e instanceof MetricsUnavailableException known) {
                throw known;
            }
            throw new MetricsUnavailableException("Prometheus's answer could not be read: " + e.getMessage());
        }
    }

    List<PromSeries> parse(String body) {
        JsonNode root = json.readTree(body);
        if (!"success".equals(root.path("status").asString(""))) {
            throw new MetricsUnavailableException(
                    "Prometheus: " + root.path("error").asString("query failed"));
        }
        List<PromSeries> series = new ArrayList<>();
        for (JsonNode result : root.path("data").path("result")) {
            Map<String, String> labels = new LinkedHashMap<>();
            result.path("metric")
                    .properties()
                    .forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
            List<PromSeries.Sample> samples = new ArrayList<>();
            if (result.has("value")) {
                sample(result.path("value"), samples);
            }
            for (JsonNode value : result.path("values")) {
                sample(value, samples);
            }
            series.add(new PromSeries(labels, samples));
        }
        return series;
    }

    private static void sample(JsonNode pair, List<PromSeries.Sample> samples) {
        double value = Double.parseDouble(pair.path(1).asString("NaN"));
        if (Double.isFinite(value)) {
            double at = pair.path(0).asDouble();
            samples.add(new PromSeries.Sample(Instant.ofEpochMilli(Math.round(at * 1000)), value));
        }
    }

    /** Times rounded down to 5 s, so that a page re-rendered within seconds asks the same (cached) question. */
    private static long bucket(Instant at) {
        return at.getEpochSecond() / 5;
    }

    private static String seconds(Instant at) {
        return Long.toString(at.getEpochSecond());
    }
}
