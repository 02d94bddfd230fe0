package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.Tenant;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.ui.base.Notifications;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Create or edit a tenant. The service validates; its messages appear at the fields. */
class TenantDialog extends Dialog {

    final TextField slug = new TextField("Slug");
    final TextField displayName = new TextField("Display name");
    final TextArea description = new TextArea("Description");
    final Select<IsolationTier> tier = new Select<>();
    final TextField regions = new TextField("Allowed regions");
    final MultiSelectComboBox<String> clusters = new MultiSelectComboBox<>("Clusters");
    final TextField kubernetesVersion = new TextField("Kubernetes version");
    final TextField nodePools = new TextField("Dedicated node pools");
    final Button save = new Button("Save");
    final DialogFeedback feedback = new DialogFeedback();

    TenantDialog(TenantService tenants, Tenant existing, Runnable onSaved) {
        setHeaderTitle(existing == null ? "New tenant" : "Edit " + existing.getSlug());
        slug.setHelperText("Lower-case letters, digits and '-'; names the tenant's namespaces. Cannot change later.");
        slug.setRequired(true);
        displayName.setRequired(true);
        tier.setLabel("Isolation");
        tier.setItems(IsolationTier.values());
        tier.setItemLabelGenerator(t -> t == IsolationTier.SHARED
                ? "Shared: namespaces with quota, RBAC, network policies"
                : "Dedicated: a virtual cluster of its own");
        tier.setValue(IsolationTier.SHARED);
        // dedicated only where a host can serve it (or for a tenant that is dedicated already)
        boolean canHost = !tenants.virtualClusterHosts().isEmpty()
                || existing != null && existing.getIsolationTier() == IsolationTier.DEDICATED;
        tier.setItemEnabledProvider(t -> t == IsolationTier.SHARED || canHost);
        if (!canHost) {
            tier.setHelperText("Dedicated needs a host cluster with Kamaji installed; no registered cluster has it");
        }
        kubernetesVersion.setPlaceholder(tenants.defaultVirtualClusterVersion());
        kubernetesVersion.setHelperText("Of its virtual cluster: " + tenants.describeVirtualClusterVersions()
                + "; raise it to upgrade, one minor release at a time");
        nodePools.setHelperText("Node pools of its host cluster that serve only this tenant, e.g. h100-mig");
        tier.addValueChangeListener(e -> showDedicatedFields());
        regions.setHelperText("Comma-separated, e.g. eu-central, us-east; empty allows any region");
        clusters.setItems(tenants.eligibleClusters(List.of()));
        clusters.setHelperText("Where the tenant's namespaces are created; only clusters in its allowed regions");
        if (existing == null) {
            clusters.setValue(new java.util.HashSet<>(tenants.eligibleClusters(List.of())));
        }
        if (existing != null) {
            clusters.setValue(new java.util.HashSet<>(existing.getClusters()));
            slug.setValue(existing.getSlug());
            slug.setReadOnly(true);
            displayName.setValue(existing.getDisplayName());
            description.setValue(existing.getDescription() == null ? "" : existing.getDescription());
            tier.setValue(existing.getIsolationTier());
            regions.setValue(String.join(", ", existing.getAllowedRegions()));
            kubernetesVersion.setValue(existing.getKubernetesVersion().orElse(""));
            nodePools.setValue(String.join(", ", existing.getNodePools()));
        }
        showDedicatedFields();
        FormLayout form =
                new FormLayout(slug, displayName, tier, regions, clusters, kubernetesVersion, nodePools, description);
        form.setColspan(description, 2);
        add(feedback, form);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> {
            TenantDraft draft = new TenantDraft(
                    slug.getValue(),
                    displayName.getValue(),
                    description.getValue(),
                    tier.getValue(),
                    regionList(),
                    kubernetesVersion.getValue(),
                    list(nodePools.getValue()));
            boolean ok = feedback.run(
                    () -> {
                        List<String> placement =
                                clusters.getValue().stream().sorted().toList();
                        if (existing == null) {
                            tenants.create(draft, placement);
                        } else {
                            tenants.update(existing.getSlug(), existing.getVersion(), draft, placement);
                        }
                    },
                    Map.of(
                            "slug", slug,
                            "displayName", displayName,
                            "description", description,
                            "isolationTier", tier,
                            "allowedRegions", regions,
                            "clusters", clusters,
                            "kubernetesVersion", kubernetesVersion,
                            "nodePools", nodePools));
            if (ok) {
                Notifications.success("Tenant " + slug.getValue().strip() + " saved");
                close();
                onSaved.run();
            }
        });
        getFooter().add(new Button("Cancel", e -> close()), save);
        setWidth("44rem");
    }

    private List<String> regionList() {
        return list(regions.getValue());
    }

    private static List<String> list(String value) {
        String text = value.strip();
        return text.isEmpty() ? List.of() : Arrays.stream(text.split("[,\\s]+")).toList();
    }

    private void showDedicatedFields() {
        boolean dedicated = tier.getValue() == IsolationTier.DEDICATED;
        kubernetesVersion.setVisible(dedicated);
        nodePools.setVisible(dedicated);
        clusters.setLabel(dedicated ? "Host cluster" : "Clusters");
    }
}
