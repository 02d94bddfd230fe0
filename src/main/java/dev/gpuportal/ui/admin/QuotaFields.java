package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.textfield.TextField;
import dev.gpuportal.gpu.GpuFormat;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.quota.QuotaDraft;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A quota as typed: GPU-equivalents, workloads, CPU, memory, storage, the notebook idle limit and a cap per GPU
 * profile. The quota dialog and the new-tenant wizard both use it; fields are found by the services' field names.
 */
class QuotaFields extends FormLayout {

    final TextField gpus = new TextField("GPU-equivalents");
    final TextField cpu = new TextField("CPU (cores)");
    final TextField memory = new TextField("Memory");
    final TextField storage = new TextField("Storage");
    final TextField maxWorkloads = new TextField("Max workloads");
    final TextField notebookIdleLimit = new TextField("Stop notebooks idle for");
    final Map<String, TextField> caps = new LinkedHashMap<>();

    QuotaFields(List<GpuProfile> profiles, QuotaDraft initial) {
        gpus.setValue(initial.gpus());
        gpus.setHelperText("e.g. 2.5 or 17/7 — whole GPUs, MIG slices and shares all count");
        cpu.setValue(initial.cpu());
        cpu.setHelperText("e.g. 64 or 500m");
        memory.setValue(initial.memory());
        memory.setHelperText("e.g. 256Gi");
        storage.setValue(initial.storage());
        storage.setHelperText("e.g. 2Ti");
        maxWorkloads.setValue(initial.maxWorkloads());
        notebookIdleLimit.setValue(initial.notebookIdleLimit());
        notebookIdleLimit.setPlaceholder("portal default");
        notebookIdleLimit.setHelperText("e.g. 4h or 90m; never to keep them running; their volumes are kept");
        add(gpus, maxWorkloads, cpu, memory, storage, notebookIdleLimit);
        add(new H4("Caps per GPU profile (empty = no cap beyond the total)"), 2);
        for (GpuProfile profile : profiles) {
            TextField cap = new TextField(profile.getShortLabel() + " (" + GpuFormat.of(profile, 1) + " each)");
            cap.setValue(initial.profileCaps().getOrDefault(profile.getName(), ""));
            cap.setPlaceholder("no cap");
            cap.setId("cap-" + profile.getName());
            caps.put(profile.getName(), cap);
            add(cap);
        }
    }

    QuotaDraft draft() {
        Map<String, String> capValues = new HashMap<>();
        caps.forEach((name, field) -> capValues.put(name, field.getValue()));
        return new QuotaDraft(
                gpus.getValue(),
                capValues,
                cpu.getValue(),
                memory.getValue(),
                storage.getValue(),
                maxWorkloads.getValue(),
                notebookIdleLimit.getValue());
    }

    /** Every field by the name the quota services give it ("gpus", "cap.mig-1g.10gb", …). */
    Map<String, HasValidation> fields() {
        Map<String, HasValidation> fields = new HashMap<>();
        fields.put("gpus", gpus);
        fields.put("cpu", cpu);
        fields.put("memory", memory);
        fields.put("storage", storage);
        fields.put("maxWorkloads", maxWorkloads);
        fields.put("notebookIdleLimit", notebookIdleLimit);
        caps.forEach((name, field) -> fields.put("cap." + name, field));
        return fields;
    }
}
