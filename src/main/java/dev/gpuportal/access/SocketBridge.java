package dev.gpuportal.access;

import dev.gpuportal.access.WorkloadUpstream.SocketListener;
import dev.gpuportal.access.WorkloadUpstream.UpstreamSocket;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * One WebSocket on a route: the browser's session on one side, the workload's socket on the other. Messages from the
 * workload are asked for one at a time and only once the previous one went out to the browser; messages from the
 * browser arrive in parts (so Tomcat keeps its small buffer) and are sent on whole. Either side closing closes both.
 */
class SocketBridge extends AbstractWebSocketHandler implements SocketListener {

    private static final Logger log = LoggerFactory.getLogger(SocketBridge.class);
    static final int MAX_MESSAGE = 16 * 1024 * 1024;
    private static final int SEND_TIME_LIMIT_MS = 30_000;

    private final String route;
    private volatile UpstreamSocket workload;
    private volatile WebSocketSession browser;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    // What the workload said before the browser's side was open (its first messages can race the handshake).
    private final java.util.List<WebSocketMessage<?>> early = new java.util.ArrayList<>();

    SocketBridge(String route) {
        this.route = route;
    }

    void attach(UpstreamSocket workload) {
        this.workload = workload;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        synchronized (early) {
            browser = new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MS, MAX_MESSAGE);
            for (WebSocketMessage<?> message : early) {
                try {
                    browser.sendMessage(message);
                } catch (Exception e) {
                    closeBoth(CloseStatus.GOING_AWAY);
                    return;
                }
            }
            early.clear();
        }
        workload.request();
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        fromBrowser(message.asBytes(), message.isLast(), true);
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        ByteBuffer payload = message.getPayload();
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        fromBrowser(bytes, message.isLast(), false);
    }

    private void fromBrowser(byte[] part, boolean last, boolean text) {
        if (partial.size() + part.length > MAX_MESSAGE || workload.queued() > MAX_MESSAGE) {
            closeBoth(CloseStatus.TOO_BIG_TO_PROCESS);
            return;
        }
        partial.writeBytes(part);
        if (last) {
            byte[] whole = partial.toByteArray();
            partial.reset();
            boolean sent = text
                    ? workload.sendText(new String(whole, StandardCharsets.UTF_8))
                    : workload.send(ByteBuffer.wrap(whole));
            if (!sent) {
                closeBoth(CloseStatus.GOING_AWAY);
            }
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        UpstreamSocket w = workload;
        if (w != null) {
            w.close(status.getCode() == 1005 || status.getCode() == 1006 ? 1000 : status.getCode(), "browser closed");
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("Route {}: browser side failed: {}", route, exception.toString());
        closeBoth(CloseStatus.GOING_AWAY);
    }

    @Override
    public void onText(String text) {
        toBrowser(new TextMessage(text));
    }

    @Override
    public void onBinary(ByteBuffer binary) {
        ByteBuffer copy = ByteBuffer.allocate(binary.remaining()).put(binary).flip(); // the client may reuse its own
        toBrowser(new BinaryMessage(copy));
    }

    private void toBrowser(WebSocketMessage<?> message) {
        synchronized (early) {
            if (browser == null) {
                early.add(message);
                return;
            }
        }
        try {
            browser.sendMessage(message);
            workload.request();
        } catch (Exception e) {
            log.debug("Route {}: cannot pass a message to the browser: {}", route, e.toString());
            closeBoth(CloseStatus.GOING_AWAY);
        }
    }

    @Override
    public void onClose(int code, String reason) {
        WebSocketSession b = browser;
        if (b != null && b.isOpen()) {
            try {
                b.close(new CloseStatus(code == 1005 || code == 1006 ? 1000 : code));
            } catch (Exception e) {
                log.debug("Route {}: closing the browser side: {}", route, e.toString());
            }
        }
    }

    @Override
    public void onError(Throwable error) {
        log.debug("Route {}: workload side failed: {}", route, error.toString());
        onClose(1011, "workload failed");
    }

    private void closeBoth(CloseStatus status) {
        onClose(status.getCode(), status.getReason());
        UpstreamSocket w = workload;
        if (w != null) {
            w.close(status.getCode(), status.getReason() == null ? "" : status.getReason());
        }
    }
}
