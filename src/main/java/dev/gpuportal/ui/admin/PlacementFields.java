package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.TenantService;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * Where a new tenant lives: allowed regions, isolation tier and clusters, and for the dedicated tier its Kubernetes
 * version and node pools. Dedicated is offered only when a registered cluster can host it, and then only those.
 */
class PlacementFields extends FormLayout {

    final TextField regions = new TextField("Allowed regions");
    final Select<IsolationTier> tier = new Select<>();
    final MultiSelectComboBox<String> clusters = new MultiSelectComboBox<>("Clusters");
    final TextField kubernetesVersion = new TextField("Kubernetes version");
    final TextField nodePools = new TextField("Dedicated node pools");

    PlacementFields(TenantService tenants) {
        regions.setHelperText("Comma-separated, e.g. eu-central, us-east; empty allows any region");
        tier.setLabel("Isolation");
        tier.setItems(IsolationTier.values());
        tier.setItemLabelGenerator(t -> t == IsolationTier.SHARED
                ? "Shared: namespaces with quota, RBAC, network policies"
                : "Dedicated: a virtual cluster of its own");
        List<String> hosts = tenants.virtualClusterHosts();
        List<String> all = tenants.eligibleClusters(List.of());
        tier.setItemEnabledProvider(t -> t == IsolationTier.SHARED || !hosts.isEmpty());
        tier.setHelperText(
                hosts.isEmpty()
                        ? "Dedicated needs a host cluster with Kamaji installed; no registered cluster has it"
                        : "Dedicated can be hosted on " + String.join(", ", hosts));
        tier.setValue(IsolationTier.SHARED);
        clusters.setItems(all);
        clusters.setValue(new HashSet<>(all));
        clusters.setHelperText("Where the tenant's namespaces are created; only clusters in its allowed regions");
        kubernetesVersion.setPlaceholder(tenants.defaultVirtualClusterVersion());
        kubernetesVersion.setHelperText("Of its virtual cluster: " + tenants.describeVirtualClusterVersions());
        nodePools.setHelperText("Node pools of its host cluster that serve only this tenant, e.g. h100-mig");
        tier.addValueChangeListener(e -> {
            boolean dedicated = e.getValue() == IsolationTier.DEDICATED;
            List<String> choices = dedicated ? hosts : all;
            clusters.setItems(choices);
            clusters.setValue(
                    new HashSet<>(dedicated ? choices.stream().limit(1).toList() : choices));
            showDedicatedFields();
        });
        showDedicatedFields();
        add(regions, tier, clusters, kubernetesVersion, nodePools);
    }

    List<String> regionList() {
        return list(regions.getValue());
    }

    List<String> nodePoolList() {
        return list(nodePools.getValue());
    }

    List<String> clusterList() {
        return clusters.getValue().stream().sorted().toList();
    }

    private void showDedicatedFields() {
        boolean dedicated = tier.getValue() == IsolationTier.DEDICATED;
        kubernetesVersion.setVisible(dedicated);
        nodePools.setVisible(dedicated);
        clusters.setLabel(dedicated ? "Host cluster" : "Clusters");
    }

    private static List<String> list(String value) {
        String text = value == null ? "" : value.strip();
        return text.isEmpty() ? List.of() : Arrays.stream(text.split("[,\\s]+")).toList();
    }
}
