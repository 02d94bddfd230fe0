package dev.gpuportal.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.util.HtmlUtils;

/**
 * The route's own answers, when it does not pass a request on: RFC 9457 problems for programs, and a readable page
 * for a browser that opens a workload which does not run.
 */
final class RouteAnswers {

    static final String TYPE_BASE = "https://gpu-portal.dev/problems/";

    private RouteAnswers() {}

    static void problem(HttpServletResponse response, int status, String type, String title, String detail)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter()
                .write("{\"type\":\"" + TYPE_BASE + type + "\",\"title\":\"" + json(title) + "\",\"status\":" + status
                        + ",\"detail\":\"" + json(detail) + "\"}");
    }

    static void unauthorized(HttpServletResponse response, String detail) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        problem(response, 401, "unauthorized", "Unauthorized", detail);
    }

    static void notFound(HttpServletResponse response) throws IOException {
        problem(response, 404, "not-found", "Not Found", "No workload at this address, or none you may open");
    }

    static void notRunning(HttpServletRequest request, HttpServletResponse response, RouteAccess.NotRunning w)
            throws IOException {
        String what = w.kind() == RouteKind.NOTEBOOKS ? "notebook" : "endpoint";
        String state = w.phase().name().toLowerCase(java.util.Locale.ROOT);
        String detailPage = request.getContextPath() + "/workloads/" + w.workloadId();
        String headline = what + " " + w.name() + " is " + state;
        String advice = w.phase() == dev.gpuportal.workload.ObservedPhase.STOPPED
                ? "start it from its page"
                : "it opens here once it runs; its page says what it waits for";
        response.setHeader("Retry-After", "10");
        if (!acceptsHtml(request)) {
            problem(response, 503, "workload-not-running", "Workload not running", headline + " — " + advice);
            return;
        }
        response.setStatus(503);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        String reason =
                w.reason() == null || w.reason().isBlank() ? "" : "<p>" + HtmlUtils.htmlEscape(w.reason()) + "</p>";
        byte[] page = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                        + HtmlUtils.htmlEscape(headline) + "</title></head><body style=\"font-family:sans-serif;"
                        + "max-width:40em;margin:4em auto\"><h1>" + HtmlUtils.htmlEscape(headline) + "</h1>"
                        + reason + "<p>" + HtmlUtils.htmlEscape(advice) + ": <a href=\""
                        + HtmlUtils.htmlEscape(detailPage) + "\">" + HtmlUtils.htmlEscape(w.name())
                        + "</a></p></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        response.setContentLength(page.length);
        response.getOutputStream().write(page);
    }

    private static boolean acceptsHtml(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("text/html");
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
