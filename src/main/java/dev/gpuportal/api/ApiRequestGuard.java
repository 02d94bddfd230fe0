package dev.gpuportal.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * API bodies are small JSON documents: one larger than {@link #MAX_BYTES} is refused with 413 before anyone reads
 * it, whether it announces its length or streams it in chunks; multipart bodies, which no endpoint takes, are 415
 * before Spring tries to split them.
 */
@Configuration
class ApiRequestGuard {

    static final int MAX_BYTES = 256 * 1024;

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> apiApiRequestGuard(JsonMapper json) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Limit(json));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    static boolean exceeded(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TooLarge) {
                return true;
            }
        }
        return false;
    }

    static ProblemDetail problem() {
        return ApiErrors.problem(
                HttpStatus.CONTENT_TOO_LARGE, "too-large", "Request bodies are at most " + MAX_BYTES / 1024 + " KiB");
    }

    private static final class Limit extends OncePerRequestFilter {

        private final JsonMapper json;

        Limit(JsonMapper json) {
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getContentLengthLong() > MAX_BYTES) {
                response.setHeader("Connection", "close");
                write(request, response, problem());
                return;
            }
            String type = request.getContentType();
            if (type != null && type.strip().toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
                write(
                        request,
                        response,
                        ApiErrors.problem(
                                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                                "unsupported-media-type",
                                "The API takes application/json bodies, not " + type.strip()));
                return;
            }
            chain.doFilter(new Limited(request), response);
        }

        private void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
                throws IOException {
            ServletProblems.write(json, request, response, problem);
        }
    }

    /** Counts what is read and stops at the limit. */
    private static final class Limited extends HttpServletRequestWrapper {

        private ServletInputStream limited;

        Limited(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (limited == null) {
                ServletInputStream in = super.getInputStream();
                limited = new ServletInputStream() {
                    private long count;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0 && ++count > MAX_BYTES) {
                            throw new TooLarge();
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = in.read(buffer, offset, length);
                        if (n > 0 && (count += n) > MAX_BYTES) {
                            throw new TooLarge();
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return limited;
        }
    }

    /** Thrown while reading a body over the limit; reported as 413. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("Request body over " + MAX_BYTES + " bytes");
        }
    }
}
