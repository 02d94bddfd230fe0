package dev.gpuportal.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every {@code /api/} address that no endpoint serves: 405 with {@code Allow} when the path exists with other
 * methods, else a problem+json 404. Without it such requests would fall through to the UI's pages.
 */
@RestController
class UnmatchedApiPaths {

    private final RequestMappingHandlerMapping mappings;

    UnmatchedApiPaths(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        this.mappings = mappings;
    }

    @RequestMapping("/api/**")
    ResponseEntity<ProblemDetail> unmatched(HttpServletRequest request)
            throws HttpRequestMethodNotSupportedException, HttpMediaTypeNotSupportedException {
        Set<String> allowed = new TreeSet<>();
        List<MediaType> consumable = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (handler.getBeanType() != UnmatchedApiPaths.class && matchesPath(info, request)) {
                info.getMethodsCondition().getMethods().forEach(m -> allowed.add(m.name()));
                if (info.getMethodsCondition().getMatchingCondition(request) != null) {
                    consumable.addAll(info.getConsumesCondition().getConsumableMediaTypes());
                }
            }
        });
        if (!consumable.isEmpty()) {
            // the path and method exist: only the body's media type (or its absence) kept the endpoint from it
            throw new HttpMediaTypeNotSupportedException(contentType(request), consumable);
        }
        if (!allowed.isEmpty()) {
            throw new HttpRequestMethodNotSupportedException(request.getMethod(), allowed);
        }
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ApiErrors.problem(
                        HttpStatus.NOT_FOUND,
                        "not-found",
                        "No API endpoint at this address: see /api/v1/openapi.yaml"));
    }

    private static MediaType contentType(HttpServletRequest request) {
        try {
            return request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
        } catch (InvalidMediaTypeException e) {
            return null;
        }
    }

    private static boolean matchesPath(RequestMappingInfo info, HttpServletRequest request) {
        var paths = info.getPathPatternsCondition();
        return paths != null && paths.getMatchingCondition(request) != null;
    }
}
