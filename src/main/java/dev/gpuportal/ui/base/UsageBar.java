package dev.gpuportal.ui.base;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.progressbar.ProgressBarVariant;
import dev.gpuportal.base.Quantities;
import dev.gpuportal.gpu.GpuFormat;
import dev.gpuportal.quota.QuotaUsage;

/** A tenant's GPU usage against its quota as a bar, with the exact amounts and the other resources below it. */
public class UsageBar extends Div {

    public UsageBar(QuotaUsage usage) {
        addClassName("usage-bar");
        Span heading =
                new Span(usage.quota().tenantName() + " (" + usage.quota().tenantSlug() + ")");
        heading.addClassName("usage-heading");
        ProgressBar bar = new ProgressBar(0, 1, usage.gpuFraction());
        if (usage.gpuFraction() >= 0.9) {
            bar.addThemeVariants(ProgressBarVariant.LUMO_ERROR);
        } else if (usage.gpuFraction() >= 0.7) {
            bar.addThemeVariants(ProgressBarVariant.LUMO_CONTRAST);
        }
        bar.getElement()
                .setAttribute("aria-label", "GPU usage of " + usage.quota().tenantSlug());
        Span gpus = new Span(usage.describeGpus() + " · " + GpuFormat.amount(usage.gpusLeft()) + " left");
        gpus.setTitle(GpuFormat.EQUIVALENT_HELP);
        gpus.addClassName("usage-gpus");
        var limits = usage.quota().limits();
        Span others = new Span("CPU " + Quantities.cores(usage.usedCpuMillis()) + " of "
                + Quantities.cores(limits.cpuMillis()) + " · memory "
                + Quantities.humanBytes(usage.usedMemoryBytes()) + " of " + Quantities.humanBytes(limits.memoryBytes())
                + " · storage " + Quantities.humanBytes(usage.usedStorageBytes()) + " of "
                + Quantities.humanBytes(limits.storageBytes()) + " · workloads " + usage.workloads() + " of "
                + limits.maxWorkloads());
        others.addClassName("usage-others");
        add(heading, bar, gpus, others);
        if (!usage.quota().caps().isEmpty()) {
            Span caps = new Span("Caps: " + usage.quota().describeCaps());
            caps.addClassName("usage-others");
            add(caps);
        }
    }
}
