package dev.gpuportal.api;

import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.workload.ObservedPhase;
import dev.gpuportal.workload.WorkloadKind;
import dev.gpuportal.workload.WorkloadQuery;
import java.util.Locale;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/** Reads the workload list's query parameters as the API documents them; anything else is a 400 naming the field. */
final class WorkloadListParams {

    private WorkloadListParams() {}

    /** mine | team (default) | all. */
    static WorkloadQuery.Scope scope(String text) {
        if (text == null || text.isBlank()) {
            return WorkloadQuery.Scope.MY_TEAMS;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "mine" -> WorkloadQuery.Scope.MINE;
            case "team" -> WorkloadQuery.Scope.MY_TEAMS;
            case "all" -> WorkloadQuery.Scope.ALL_TENANTS;
            default -> throw InvalidInputException.of("scope", "One of mine, team, all");
        };
    }

    static WorkloadKind kind(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "notebook" -> WorkloadKind.NOTEBOOK;
            case "training" -> WorkloadKind.TRAINING_JOB;
            case "inference" -> WorkloadKind.INFERENCE_ENDPOINT;
            default -> throw InvalidInputException.of("kind", "One of notebook, training, inference");
        };
    }

    static ObservedPhase phase(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return ObservedPhase.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of("phase", "One of unknown, pending, running, succeeded, failed, stopped");
        }
    }

    /** "created,desc", "name" or "name,asc"; none: newest first. */
    static Pageable page(int page, int size, String sort) {
        if (sort == null || sort.isBlank()) {
            return PageRequest.of(page, size);
        }
        String[] parts = sort.strip().split(",");
        if (parts.length > 2) {
            throw InvalidInputException.of("sort", "A field and optionally asc or desc, e.g. created,desc");
        }
        Sort.Direction direction = Sort.Direction.ASC;
        if (parts.length == 2) {
            direction = switch (parts[1].strip().toLowerCase(Locale.ROOT)) {
                case "asc" -> Sort.Direction.ASC;
                case "desc" -> Sort.Direction.DESC;
                default -> throw InvalidInputException.of("sort", "Direction asc or desc");
            };
        }
        return PageRequest.of(page, size, Sort.by(direction, parts[0].strip()));
    }
}
