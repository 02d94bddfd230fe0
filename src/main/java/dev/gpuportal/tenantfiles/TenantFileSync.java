package dev.gpuportal.tenantfiles;

import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.base.Leadership;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.MembershipView;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies the tenant files of the tenants/ folder at start and whenever one changes (checked every few seconds).
 * Each file is applied in one transaction: if any part is invalid, nothing of it is applied and the problem is
 * reported with the file and line, in the log and in the console.
 */
@Component
public class TenantFileSync {

    private final Leadership leadership;

    private static final Logger log = LoggerFactory.getLogger(TenantFileSync.class);
    private static final java.time.Duration REAPPLY = java.time.Duration.ofMinutes(1);

    private final Path directory;
    private final TenantService tenants;
    private final MembershipService memberships;
    private final QuotaService quotas;
    private final TransactionTemplate transaction;
    private final Map<Path, String> applied = new HashMap<>();
    private final Map<Path, java.time.Instant> appliedAt = new HashMap<>();
    private final Map<Path, String> slugs = new HashMap<>();
    private final List<FileProblem> problems = new CopyOnWriteArrayList<>();

    TenantFileSync(
            @Value("${gpu-portal.tenants-dir:tenants}") String directory,
            TenantService tenants,
            MembershipService memberships,
            QuotaService quotas,
            TransactionTemplate transaction,
            Leadership leadership) {
        this.leadership = leadership;
        this.directory = Path.of(directory);
        this.tenants = tenants;
        this.memberships = memberships;
        this.quotas = quotas;
        this.transaction = transaction;
    }

    /** A file that could not be applied, and why. */
    public record FileProblem(String file, int line, String message) {

        @Override
        public String toString() {
            return file + ":" + line + ": " + message;
        }
    }

    /** The problems of the last look at each file (empty when every file applied). */
    public List<FileProblem> problems() {
        return List.copyOf(problems);
    }

    public Path directory() {
        return directory;
    }

    /** Only the leading replica applies the files (the others would apply the same, and audit it twice). */
    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        if (leadership.isLeader()) {
            scan();
        }
    }

    @Scheduled(fixedDelayString = "${gpu-portal.tenants-scan-interval:5s}", initialDelayString = "5s")
    void scheduledScan() {
        if (leadership.isLeader()) {
            scan();
        }
    }

    public synchronized void scan() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(
                            p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted(Comparator.naturalOrder())
                    .toList();
        } catch (IOException e) {
            log.warn("Cannot read the tenants folder {}: {}", directory.toAbsolutePath(), e.getMessage());
            return;
        }
        for (Path file : files) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                // Unchanged files are applied again now and then: "clusters: [*]" follows newly registered clusters,
                // and applying what is already there writes nothing.
                java.time.Instant last = appliedAt.get(file);
                boolean stale =
                        last == null || last.isBefore(java.time.Instant.now().minus(REAPPLY));
                if (!text.equals(applied.get(file)) || stale) {
                    apply(file, text);
                    applied.put(file, text);
                    appliedAt.put(file, java.time.Instant.now());
                }
            } catch (IOException e) {
                report(file, new FileProblem(file.toString(), 1, "Cannot read: " + e.getMessage()));
            }
        }
        for (Path gone : new ArrayList<>(applied.keySet())) {
            if (!files.contains(gone)) {
                applied.remove(gone);
                appliedAt.remove(gone);
                problems.removeIf(p -> p.file().equals(gone.toString()));
                String slug = slugs.remove(gone);
                if (slug != null) {
                    tenants.releaseFromFile(slug);
                    log.info("{} was removed: tenant '{}' is now managed in the console", gone, slug);
                }
            }
        }
    }

    /** Parses, validates and applies one file; returns its problems (empty on success). */
    List<FileProblem> apply(Path file, String text) {
        String name = file.toString();
        TenantFile parsed;
        try {
            parsed = TenantFileParser.parse(text);
        } catch (TenantFileParser.ParseException e) {
            return report(file, new FileProblem(name, e.line, e.getMessage()));
        }
        if (parsed.slug() == null || parsed.slug().isBlank()) {
            return report(file, new FileProblem(name, 1, "slug is required"));
        }
        try {
            transaction.executeWithoutResult(status -> applyInTransaction(parsed));
        } catch (InvalidInputException e) {
            List<FileProblem> found = new ArrayList<>();
            e.fieldErrors()
                    .forEach((field, message) -> found.add(
                            new FileProblem(name, parsed.lineOf(fileField(field)), fileField(field) + ": " + message)));
            return report(file, found.toArray(FileProblem[]::new));
        } catch (RuntimeException e) {
            return report(file, new FileProblem(name, 1, e.getMessage()));
        }
        slugs.put(file, parsed.slug());
        problems.removeIf(p -> p.file().equals(name));
        log.info("Applied tenant file {} (tenant '{}')", name, parsed.slug());
        return List.of();
    }

    private void applyInTransaction(TenantFile file) {
        List<String> regions = file.allowedRegions();
        List<String> clusters =
                file.clusters().equals(List.of("*")) ? tenants.eligibleClusters(regions) : file.clusters();
        tenants.applyFromFile(
                new TenantDraft(
                        file.slug(),
                        file.displayName(),
                        file.description(),
                        tier(file.isolationTier()),
                        regions,
                        file.kubernetesVersion(),
                        file.nodePools()),
                clusters);
        List<MembershipView> members = new ArrayList<>();
        List<TenantFile.Member> declared = file.members();
        for (int i = 0; i < declared.size(); i++) {
            TenantFile.Member m = declared.get(i);
            TenantRole role;
            try {
                role = TenantRole.fromLabel(m.role());
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.of("members[" + i + "]", e.getMessage());
            }
            members.add(new MembershipView(
                    null,
                    file.slug(),
                    m.kind().equals("group") ? SubjectType.GROUP : SubjectType.USER,
                    m.name(),
                    role));
        }
        memberships.replaceFromFile(file.slug(), members);
        // limits the file leaves out come from the portal's quota defaults
        Map<String, String> q = file.quota();
        quotas.applyFromFile(
                file.slug(),
                new QuotaDraft(
                        q.get("gpus"),
                        file.caps(),
                        q.get("cpu"),
                        q.get("memory"),
                        q.get("storage"),
                        q.get("maxWorkloads"),
                        q.get("notebookIdleLimit")));
    }

    private static IsolationTier tier(String text) {
        if (text == null || text.isBlank()) {
            return IsolationTier.SHARED;
        }
        try {
            return IsolationTier.valueOf(text.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of("isolationTier", "shared or dedicated, not '" + text.strip() + "'");
        }
    }

    /** The services name quota fields without their section; the file nests them under "quota". */
    private static String fileField(String field) {
        return switch (field) {
            case "gpus", "cpu", "memory", "storage", "maxWorkloads", "notebookIdleLimit" -> "quota." + field;
            default -> field;
        };
    }

    private List<FileProblem> report(Path file, FileProblem... found) {
        problems.removeIf(p -> p.file().equals(file.toString()));
        for (FileProblem problem : found) {
            problems.add(problem);
            log.warn("Tenant file not applied: {}", problem);
        }
        return List.of(found);
    }
}
