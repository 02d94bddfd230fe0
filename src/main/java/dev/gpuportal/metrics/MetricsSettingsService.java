package dev.gpuportal.metrics;

import dev.gpuportal.audit.AuditAction;
import dev.gpuportal.audit.AuditLog;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.security.CurrentUser;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The idle rule's threshold and duration and the GPU-hour prices: everyone's pages read them, admins set them. */
@Service
public class MetricsSettingsService {

    private final MetricsSettingsRepository settings;
    private final GpuPriceRepository prices;
    private final GpuCatalog catalog;
    private final CurrentUser currentUser;
    private final AuditLog audit;

    MetricsSettingsService(
            MetricsSettingsRepository settings,
            GpuPriceRepository prices,
            GpuCatalog catalog,
            CurrentUser currentUser,
            AuditLog audit) {
        this.settings = settings;
        this.prices = prices;
        this.catalog = catalog;
        this.currentUser = currentUser;
        this.audit = audit;
    }

    /** The settings in force (no rights needed: idle badges and showback read them). */
    @Transactional(readOnly = true)
    public MetricsSettings current() {
        MetricsSettingsRow row = settings.findById(MetricsSettingsRow.ID).orElseThrow();
        Map<String, BigDecimal> byModel =
                prices.findAll().stream().collect(Collectors.toMap(GpuPrice::gpuModel, GpuPrice::pricePerGpuHour));
        return new MetricsSettings(row.idleThresholdPercent(), Duration.ofMinutes(row.idleMinutes()), byModel);
    }

    /** The settings in force, for the admins' form and API. Platform admins only. */
    @Transactional(readOnly = true)
    public MetricsSettings settingsForAdmin() {
        if (!currentUser.require().platformAdmin()) {
            throw new AccessDeniedException("Only platform admins read the metrics settings");
        }
        return current();
    }

    /** The GPU products of the catalog: the rows of the price form. */
    @Transactional(readOnly = true)
    public List<String> products() {
        return catalog.allForAccounting().stream()
                .map(GpuProfile::getGpuModel)
                .distinct()
                .sorted()
                .toList();
    }

    /** Checks and saves the settings; a wrong field changes nothing. */
    @Transactional
    public MetricsSettings update(MetricsSettingsForm form) {
        if (!currentUser.require().platformAdmin()) {
            throw new AccessDeniedException("Only platform admins change the metrics settings");
        }
        MetricsSettings wanted = MetricsSettingsRules.parse(form);
        MetricsSettings before = current();
        MetricsSettingsRow row = settings.findById(MetricsSettingsRow.ID).orElseThrow();
        row.set(wanted.idleThresholdPercent(), (int) wanted.idleFor().toMinutes());
        settings.save(row);
        prices.deleteAllInBatch();
        prices.flush();
        wanted.pricePerGpuHour().forEach((model, price) -> prices.save(new GpuPrice(model, price)));
        prices.flush();
        audit.record(AuditAction.UPDATE, "metrics-settings", "metrics", null, before, wanted);
        return wanted;
    }
}
