package dev.gpuportal.access;

import dev.gpuportal.access.WorkloadUpstream.UpstreamRequest;
import dev.gpuportal.access.WorkloadUpstream.UpstreamSocket;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * WebSocket upgrades on a route: the workload's side is opened first (with the subprotocols the browser offers, e.g.
 * Jupyter's {@code v1.kernel.websocket.jupyter.org}), then the browser's is accepted with the same subprotocol, and a
 * {@link SocketBridge} passes messages both ways. Spring's handshake handler does the browser's side on Tomcat.
 */
@Component
class RouteSockets {

    private static final Logger log = LoggerFactory.getLogger(RouteSockets.class);

    private final WorkloadUpstream upstream;

    RouteSockets(WorkloadUpstream upstream) {
        this.upstream = upstream;
    }

    void bridge(HttpServletRequest request, HttpServletResponse response, UpstreamRequest call) throws IOException {
        List<String> offered = Collections.list(request.getHeaders("Sec-WebSocket-Protocol")).stream()
                .flatMap(h -> Arrays.stream(h.split(",")))
                .map(String::strip)
                .filter(p -> !p.isEmpty())
                .toList();
        List<String> chosen = offered.isEmpty() ? List.of() : List.of(offered.getFirst());
        SocketBridge bridge = new SocketBridge(call.route().base());
        UpstreamSocket workloadSide;
        try {
            workloadSide =
                    upstream.connect(call, chosen, bridge).get(call.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            RouteAnswers.problem(
                    response,
                    504,
                    "workload-timeout",
                    "Workload did not answer",
                    "The WebSocket was not accepted in time");
            return;
        } catch (ExecutionException e) {
            log.debug(
                    "Route {}: WebSocket refused upstream: {}",
                    call.route().base(),
                    e.getCause().toString());
            RouteAnswers.problem(
                    response,
                    502,
                    "workload-unreachable",
                    "Workload unreachable",
                    "The workload refused the WebSocket");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        bridge.attach(workloadSide);
        DefaultHandshakeHandler handshake = new DefaultHandshakeHandler() {
            @Override
            protected String selectProtocol(List<String> requested, WebSocketHandler handler) {
                return chosen.isEmpty() ? null : chosen.getFirst();
            }
        };
        ServletServerHttpResponse servletResponse = new ServletServerHttpResponse(response);
        try {
            if (!handshake.doHandshake(
                    new ServletServerHttpRequest(request), servletResponse, bridge, new HashMap<>())) {
                workloadSide.close(1011, "browser handshake failed");
            }
        } catch (HandshakeFailureException e) {
            workloadSide.close(1011, "browser handshake failed");
            throw new IOException(e);
        }
        servletResponse.flush();
    }
}
