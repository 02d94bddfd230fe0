package dev.gpuportal.cluster.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.cluster.SimulatedClusterProofIT;
import dev.gpuportal.cluster.registry.OwnedLabels;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.gpu.GpuProfileDraft;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantProvisioning;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.testsupport.kubernetes.ApiServerRequests;
import dev.gpuportal.testsupport.kubernetes.SimulatedClusterSpringTest;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Tenants become real Kubernetes tenants on a real API server with its controller-manager. */
class TenantProvisioningIT extends SimulatedClusterSpringTest {

    static final String SELECTOR_KEY = OwnedLabels.TENANT;

    @Autowired
    TenantService tenants;

    @Autowired
    QuotaService quotas;

    @Autowired
    MembershipService memberships;

    @Autowired
    TenantReconciler reconciler;

    @Autowired
    TenantProvisioning provisioning;

    @Autowired
    GpuCatalog catalog;

    final KubernetesClient admin = cluster.admin();

    @Test
    void provisioningCreatesExactlyTheExpectedObjectsAndASecondPassWritesNothing() {
        createTenant("prov-a", "2.5", Map.of("mig-1g.10gb", "4"), "team-a");
        reconciler.reconcile("prov-a");

        Map<String, String> owned = Map.of(SELECTOR_KEY, "prov-a", OwnedLabels.MANAGED_BY, "gpu-portal");
        assertThat(admin.namespaces().withLabels(owned).list().getItems())
                .extracting(n -> n.getMetadata().getName())
                .containsExactly("prov-a");
        ResourceQuota quota = admin.resourceQuotas()
                .inNamespace("prov-a")
                .withLabels(owned)
                .list()
                .getItems()
                .getFirst();
        assertThat(quota.getSpec().getHard())
                .containsEntry("requests.nvidia.com/gpu", new Quantity("2"))
                .containsEntry("requests.nvidia.com/mig-1g.10gb", new Quantity("4"))
                .containsEntry("requests.nvidia.com/mig-3g.40gb", new Quantity("5"))
                .containsEntry("requests.cpu", new Quantity("32"))
                .containsEntry("requests.memory", new Quantity("128Gi"))
                .containsKeys("requests.storage", "count/pods");
        assertThat(admin.limitRanges()
                        .inNamespace("prov-a")
                        .withLabels(owned)
                        .list()
                        .getItems())
                .hasSize(1);
        assertThat(admin.rbac()
                        .roleBindings()
                        .inNamespace("prov-a")
                        .withLabels(owned)
                        .list()
                        .getItems())
                .singleElement()
                .satisfies(b -> {
                    assertThat(b.getRoleRef().getName()).isEqualTo("edit");
                    assertThat(b.getSubjects())
                            .extracting(s -> s.getKind() + ":" + s.getName())
                            .containsExactly("Group:oidc:team-a");
                });
        assertThat(admin.network()
                        .v1()
                        .networkPolicies()
                        .inNamespace("prov-a")
                        .withLabels(owned)
                        .list()
                        .getItems())
                .extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        TenantManifests.DENY_INGRESS,
                        TenantManifests.ALLOW_SAME_TENANT,
                        TenantManifests.ALLOW_FROM_PORTAL);
        // a new object is created (a create costs the API server half an apply that creates) and applied only when
        // it has to change
        assertThat(admin.network()
                        .v1()
                        .networkPolicies()
                        .inNamespace("prov-a")
                        .withName(TenantManifests.DENY_INGRESS)
                        .get()
                        .getMetadata()
                        .getManagedFields())
                .filteredOn(e -> OwnedLabels.FIELD_MANAGER.equals(e.getManager()))
                .extracting(e -> e.getOperation())
                .containsExactly("Update");

        assertThat(reconciler.reconcile("prov-a")).isZero();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(provisioning.statusOf("prov-a"))
                        .singleElement()
                        .satisfies(s -> assertThat(s.phase()).isEqualTo(TenantProvisioning.Phase.READY)));
    }

    @Test
    void aQuotaDeletedByHandIsRestored() {
        createTenant("prov-drift", "1", Map.of(), "team-drift");
        reconciler.reconcile("prov-drift");
        admin.resourceQuotas()
                .inNamespace("prov-drift")
                .withName(TenantManifests.QUOTA_NAME)
                .delete();

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(admin.resourceQuotas()
                                .inNamespace("prov-drift")
                                .withName(TenantManifests.QUOTA_NAME)
                                .get())
                        .isNotNull());
    }

    @Test
    void aLowerQuotaReachesKubernetesAndTheApiServerRefusesPodsOverIt() {
        createTenant("prov-lower", "4", Map.of(), "team-lower");
        reconciler.reconcile("prov-lower");
        AsPlatformAdmin.run(() -> quotas.update(
                "prov-lower",
                quotas.quotaOf("prov-lower").version(),
                new QuotaDraft("1", Map.of(), "32", "128Gi", "1Ti", "10")));
        reconciler.reconcile("prov-lower");
        // the default service account is the controller manager's to make: on a loaded machine it took over 30 s
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            ResourceQuota q = admin.resourceQuotas()
                    .inNamespace("prov-lower")
                    .withName(TenantManifests.QUOTA_NAME)
                    .get();
            assertThat(q.getStatus().getHard()).containsEntry("requests.nvidia.com/gpu", new Quantity("1"));
            // the API server refuses any pod before its namespace's default service account exists
            assertThat(admin.serviceAccounts()
                            .inNamespace("prov-lower")
                            .withName("default")
                            .get())
                    .isNotNull();
        });

        assertThatThrownBy(() -> admin.pods()
                        .inNamespace("prov-lower")
                        .resource(SimulatedClusterProofIT.gpuPod("two", "nvidia.com/gpu", 2))
                        .create())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getStatus().getMessage())
                                .contains("exceeded quota: gpu-portal-quota")
                                .contains("requested: requests.nvidia.com/gpu=2"));
    }

    @Test
    void aNamespaceSomeoneElseOwnsIsNotTakenOver() {
        admin.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("prov-taken")
                        .endMetadata()
                        .build())
                .create();
        createTenant("prov-taken", "1", Map.of(), "team-taken");
        reconciler.reconcile("prov-taken");

        assertThat(provisioning.statusOf("prov-taken")).singleElement().satisfies(s -> {
            assertThat(s.phase()).isEqualTo(TenantProvisioning.Phase.FAILED);
            assertThat(s.message()).contains("already exists and is not managed by the GPU portal");
        });
        assertThat(admin.namespaces().withName("prov-taken").get().getMetadata().getLabels())
                .doesNotContainKey(OwnedLabels.MANAGED_BY);
        assertThat(admin.resourceQuotas().inNamespace("prov-taken").list().getItems())
                .isEmpty();
    }

    @Test
    void aPlacementOutsideTheAllowedRegionsIsRefused() {
        assertThatThrownBy(() -> AsPlatformAdmin.run(() -> tenants.create(
                        new TenantDraft("prov-far", "Far", null, IsolationTier.SHARED, List.of("ap-south")),
                        List.of("sim"))))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors().get("clusters"))
                                .contains("outside the tenant's allowed regions (ap-south)"));
        assertThat(tenants.findForInternalUse("prov-far")).isEmpty();
    }

    @Test
    void membersMayWorkInTheirTenantsNamespaceButNotInAnothers() {
        createTenant("prov-red", "1", Map.of(), "team-red");
        createTenant("prov-blue", "1", Map.of(), "team-blue");
        reconciler.reconcile("prov-red");
        reconciler.reconcile("prov-blue");

        try (KubernetesClient redMember = cluster.as("oidc:rita", "oidc:team-red", "system:authenticated")) {
            assertThat(redMember.pods().inNamespace("prov-red").list().getItems())
                    .isEmpty();
            assertThatThrownBy(() -> redMember.pods().inNamespace("prov-blue").list())
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(403));
        }
    }

    @Test
    void archivingATenantRemovesItsNamespace() {
        createTenant("prov-old", "1", Map.of(), "team-old");
        reconciler.reconcile("prov-old");
        AsPlatformAdmin.run(() -> tenants.archive("prov-old"));
        reconciler.reconcile("prov-old");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            reconciler.reconcile("prov-old");
            assertThat(admin.namespaces().withName("prov-old").get()).isNull();
        });
    }

    @Test
    void aGpuProfileTurnedOffLosesItsKeyInTheLiveQuota() {
        createTenant("prov-profile", "2", Map.of(), "team-profile");
        reconciler.reconcile("prov-profile");
        // made anew, the quota is created, not applied: its fields are the create's, with the hash of what was wanted
        String uid = quotaObject("prov-profile").getMetadata().getUid();
        admin.resourceQuotas()
                .inNamespace("prov-profile")
                .withName(TenantManifests.QUOTA_NAME)
                .delete();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(quotaObject("prov-profile"))
                        .isNotNull()
                        .satisfies(q -> assertThat(q.getMetadata().getUid()).isNotEqualTo(uid)));
        assertThat(portalEntries("prov-profile")).containsExactly("Update");
        assertThat(quotaObject("prov-profile").getMetadata().getAnnotations()).containsKey("gpu-portal.dev/created-as");
        assertThat(reconciler.reconcile("prov-profile")).isZero();
        assertThat(liveQuota("prov-profile")).containsKey("requests.nvidia.com/mig-4g.40gb");
        // someone else's label: theirs, and still theirs when the portal's fields become applied ones
        admin.resourceQuotas()
                .inNamespace("prov-profile")
                .withName(TenantManifests.QUOTA_NAME)
                .edit(q -> new ResourceQuotaBuilder(q)
                        .editMetadata()
                        .addToLabels("cost-center", "4711")
                        .endMetadata()
                        .build());
        List<String> othersBefore = otherEntries("prov-profile");
        assertThat(othersBefore).isNotEmpty();

        GpuProfile profile = catalog.allForAccounting().stream()
                .filter(p -> p.getName().equals("mig-4g.40gb"))
                .findFirst()
                .orElseThrow();
        setEnabled(profile, false);
        try {
            reconciler.reconcile("prov-profile");
            assertThat(liveQuota("prov-profile"))
                    .doesNotContainKey("requests.nvidia.com/mig-4g.40gb")
                    .containsKeys("requests.nvidia.com/mig-3g.40gb", "requests.cpu");
            // the first change made the create's fields the portal's applied ones, so the apply could remove the key
            assertThat(portalEntries("prov-profile")).containsExactly("Apply");
            assertThat(quotaObject("prov-profile").getMetadata().getAnnotations())
                    .doesNotContainKey("gpu-portal.dev/created-as");
            assertThat(otherEntries("prov-profile")).containsAll(othersBefore);
            assertThat(quotaObject("prov-profile").getMetadata().getLabels()).containsEntry("cost-center", "4711");
            assertThat(reconciler.reconcile("prov-profile")).isZero();
        } finally {
            setEnabled(profile, true);
        }
        reconciler.reconcile("prov-profile");
        assertThat(liveQuota("prov-profile")).containsEntry("requests.nvidia.com/mig-4g.40gb", new Quantity("3"));
    }

    @Test
    void anObjectLabelledAsTheTenantsButNotWantedIsPruned() {
        createTenant("prov-prune", "1", Map.of(), "team-prune");
        reconciler.reconcile("prov-prune");
        admin.rbac()
                .roleBindings()
                .inNamespace("prov-prune")
                .resource(new RoleBindingBuilder()
                        .withNewMetadata()
                        .withName("added-by-hand")
                        .withLabels(OwnedLabels.tenant("prov-prune"))
                        .endMetadata()
                        .withNewRoleRef()
                        .withApiGroup("rbac.authorization.k8s.io")
                        .withKind("ClusterRole")
                        .withName("admin")
                        .endRoleRef()
                        .addNewSubject()
                        .withKind("Group")
                        .withName("oidc:intruders")
                        .withApiGroup("rbac.authorization.k8s.io")
                        .endSubject()
                        .build())
                .create();

        // the watch sees it and the tenant's pass removes it, without anyone calling the reconciler
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(admin.rbac()
                                .roleBindings()
                                .inNamespace("prov-prune")
                                .withName("added-by-hand")
                                .get())
                        .isNull());
        assertThat(admin.rbac()
                        .roleBindings()
                        .inNamespace("prov-prune")
                        .withName(TenantBlueprint.Access.MEMBER.bindingName())
                        .get())
                .isNotNull();
    }

    @Test
    void aResyncOfUnchangedTenantsSendsNoRequestAtAll() {
        List<String> slugs = List.of("prov-still-1", "prov-still-2", "prov-still-3");
        slugs.forEach(slug -> createTenant(slug, "1", Map.of(), "team-still"));
        slugs.forEach(reconciler::reconcile);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> slugs.stream()
                        .allMatch(slug -> provisioning.statusOf(slug).stream()
                                .anyMatch(s -> s.phase() == TenantProvisioning.Phase.READY)));

        Map<String, Long> before = ApiServerRequests.byVerb(admin, TENANT_RESOURCES);
        long writes = slugs.stream().mapToLong(reconciler::reconcile).sum();
        Map<String, Long> sent = ApiServerRequests.since(before, ApiServerRequests.byVerb(admin, TENANT_RESOURCES));

        assertThat(writes).isZero();
        assertThat(sent)
                .as("requests on tenant objects during the resync, by verb")
                .isEmpty();
    }

    /** The kinds a tenant is made of, as the API server names them in its metrics. */
    static final Set<String> TENANT_RESOURCES = Set.of(
            "namespaces",
            "resourcequotas",
            "limitranges",
            "rolebindings",
            "networkpolicies",
            "clusterroles",
            "clusterrolebindings");

    private Map<String, Quantity> liveQuota(String slug) {
        return quotaObject(slug).getSpec().getHard();
    }

    private ResourceQuota quotaObject(String slug) {
        return admin.resourceQuotas()
                .inNamespace(slug)
                .withName(TenantManifests.QUOTA_NAME)
                .get();
    }

    /** The quota's managed-fields entries of other managers: manager, operation, subresource. */
    private List<String> otherEntries(String slug) {
        return quotaObject(slug).getMetadata().getManagedFields().stream()
                .filter(e -> !OwnedLabels.FIELD_MANAGER.equals(e.getManager()))
                .map(e -> e.getManager() + " " + e.getOperation() + " " + e.getSubresource())
                .toList();
    }

    /** The operations of the portal's managed-fields entries on the quota itself (not its status). */
    private List<String> portalEntries(String slug) {
        return quotaObject(slug).getMetadata().getManagedFields().stream()
                .filter(e -> OwnedLabels.FIELD_MANAGER.equals(e.getManager()) && e.getSubresource() == null)
                .map(e -> e.getOperation())
                .toList();
    }

    private void setEnabled(GpuProfile profile, boolean enabled) {
        AsPlatformAdmin.run(() -> {
            GpuProfile current = catalog.allForAccounting().stream()
                    .filter(p -> p.getId().equals(profile.getId()))
                    .findFirst()
                    .orElseThrow();
            GpuProfileDraft draft = current.toDraft();
            catalog.update(
                    current.getId(),
                    current.getVersion(),
                    new GpuProfileDraft(
                            draft.name(),
                            draft.displayName(),
                            draft.shortLabel(),
                            draft.gpuModel(),
                            draft.kind(),
                            draft.resourceName(),
                            draft.equivalent(),
                            enabled));
        });
    }

    private void createTenant(String slug, String gpus, Map<String, String> caps, String group) {
        AsPlatformAdmin.run(() -> {
            tenants.create(
                    new TenantDraft(slug, slug, null, IsolationTier.SHARED, List.of("eu-central")), List.of("sim"));
            memberships.grant(slug, SubjectType.GROUP, group, TenantRole.MEMBER);
            quotas.update(slug, QuotaService.NO_QUOTA_YET, new QuotaDraft(gpus, caps, "32", "128Gi", "1Ti", "10"));
        });
    }
}
