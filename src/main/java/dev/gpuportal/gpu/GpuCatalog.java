package dev.gpuportal.gpu;

import dev.gpuportal.audit.AuditAction;
import dev.gpuportal.audit.AuditLog;
import dev.gpuportal.base.ConflictException;
import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.base.NotFoundException;
import dev.gpuportal.security.CurrentUser;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The GPU profile catalog: everyone signed in reads it, platform admins change it. */
@Service
public class GpuCatalog {

    static final String ENTITY = "gpu-profile";
    private static final Comparator<GpuProfile> ORDER = Comparator.comparing(GpuProfile::getKind)
            .thenComparing(GpuProfile::getEquivalent)
            .thenComparing(GpuProfile::getName);

    private final GpuProfileRepository profiles;
    private final CurrentUser currentUser;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    /** The catalog as last read, with the stamp it had then: every submission reads it, and it seldom changes. */
    private volatile Read lastRead;

    private record Read(GpuProfileRepository.Stamp stamp, List<GpuProfile> profiles) {}

    GpuCatalog(
            GpuProfileRepository profiles, CurrentUser currentUser, AuditLog audit, ApplicationEventPublisher events) {
        this.events = events;
        this.profiles = profiles;
        this.currentUser = currentUser;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public List<GpuProfile> all() {
        currentUser.require();
        return profiles.findAll().stream().sorted(ORDER).toList();
    }

    @Transactional(readOnly = true)
    public List<GpuProfile> enabled() {
        return all().stream().filter(GpuProfile::isEnabled).toList();
    }

    @Transactional(readOnly = true)
    public Optional<GpuProfile> byName(String name) {
        currentUser.require();
        return profiles.findByName(name);
    }

    /**
     * For internal use by other features (quota arithmetic); no user needed. Read again only when the catalog's
     * stamp changed (one small aggregate instead of every profile, several times per submission); the profiles are
     * shared between callers, who only read them.
     */
    @Transactional(readOnly = true)
    public List<GpuProfile> allForAccounting() {
        GpuProfileRepository.Stamp stamp = profiles.stamp();
        Read known = lastRead;
        if (known != null && known.stamp().equals(stamp)) {
            return known.profiles();
        }
        List<GpuProfile> read = List.copyOf(profiles.findAll());
        // Kept only if it is the catalog the stamp stands for: inside a caller's longer transaction the profiles it
        // loaded before come back as they were then (its own), and an edit may commit between the two statements.
        if (GpuProfileRepository.Stamp.of(read).equals(stamp)) {
            lastRead = new Read(stamp, read);
        }
        return read;
    }

    /** A profile by id, for internal use by other features (quota arithmetic, mapping); no user needed. */
    @Transactional(readOnly = true)
    public Optional<GpuProfile> byIdForAccounting(Long id) {
        return id == null ? Optional.empty() : profiles.findById(id);
    }

    @Transactional
    public GpuProfile create(GpuProfileDraft draft) {
        requireAdmin();
        GpuProfileRules.validate(draft);
        if (profiles.findByName(draft.name().strip()).isPresent()) {
            throw InvalidInputException.of(
                    "name", "A profile named " + draft.name().strip() + " exists already");
        }
        GpuProfile profile = profiles.saveAndFlush(new GpuProfile(draft));
        audit.record(AuditAction.CREATE, ENTITY, profile.getName(), null, null, profile.toDraft());
        events.publishEvent(new GpuCatalogChanged(profile.getName()));
        return profile;
    }

    @Transactional
    public GpuProfile update(long id, long expectedVersion, GpuProfileDraft draft) {
        requireAdmin();
        GpuProfileRules.validate(draft);
        GpuProfile profile = profiles.findById(id).orElseThrow(() -> new NotFoundException("No GPU profile " + id));
        if (profile.getVersion() != expectedVersion) {
            throw new ConflictException("GPU profile " + profile.getName() + " was changed by someone else: reload it");
        }
        profiles.findByName(draft.name().strip())
                .filter(other -> !other.getId().equals(id))
                .ifPresent(other -> {
                    throw InvalidInputException.of("name", "A profile named " + other.getName() + " exists already");
                });
        GpuProfileDraft before = profile.toDraft();
        profile.apply(draft);
        profiles.saveAndFlush(profile);
        audit.record(AuditAction.UPDATE, ENTITY, profile.getName(), null, before, profile.toDraft());
        events.publishEvent(new GpuCatalogChanged(profile.getName()));
        return profile;
    }

    private void requireAdmin() {
        if (!currentUser.require().platformAdmin()) {
            throw new AccessDeniedException("Only platform admins change the GPU catalog");
        }
    }
}
