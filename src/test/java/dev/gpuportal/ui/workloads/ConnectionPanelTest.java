package dev.gpuportal.ui.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.workload.ObservedPhase;
import dev.gpuportal.workload.WorkloadForm;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadView;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithMockUser;

/** The detail page's connection panel: what a workload waits for, then how to open or call it. */
@SpringBootTest
class ConnectionPanelTest extends SpringBrowserlessTest {

    @Autowired
    WorkloadService workloads;

    final java.util.List<Long> made = new java.util.ArrayList<>();

    /** The demo tenant is shared with the other view tests, which expect nina to have no workloads. */
    @org.junit.jupiter.api.AfterEach
    void removeWhatWasMade() {
        AsPlatformAdmin.run(() -> made.forEach(id -> {
            workloads.delete(id);
            workloads.purge(id);
        }));
    }

    @Override
    protected Set<String> scanPackages() {
        return Set.of("dev.gpuportal.ui");
    }

    @Test
    @WithMockUser(
            username = "nina",
            authorities = {"ROLE_USER", "GROUP_nlp-team"})
    void aNotebookShowsWhatItWaitsForThenTheOpenButtonAndThePortForwardLine() {
        WorkloadView nb = workloads.submit(new WorkloadForm.Notebook(
                "nlp", "panel-nb", "quay.io/jupyter/scipy-notebook:2026-11-02", "1", "4Gi", "", "0", "10Gi"));
        made.add(nb.id());
        WorkloadDetailView view = navigate(WorkloadDetailView.class, Map.of("id", Long.toString(nb.id())));
        assertThat(view.connection.waiting.getText()).startsWith("Open and connection details appear once it runs");
        assertThat(view.connection.getChildren()).doesNotContain(view.connection.open);

        AsPlatformAdmin.run(() -> workloads.recordObservation(nb.id(), ObservedPhase.RUNNING, null));
        view = navigate(WorkloadDetailView.class, Map.of("id", Long.toString(nb.id())));
        assertThat(view.connection.open.getHref()).endsWith("/t/nlp/notebooks/panel-nb/");
        assertThat(view.connection.portForward.getText()).endsWith("port-forward svc/panel-nb 8888:80");
    }

    @Test
    @WithMockUser(
            username = "nina",
            authorities = {"ROLE_USER", "GROUP_nlp-team"})
    void aRunningEndpointShowsItsUrlAndCallsWithAKeyPlaceholder() {
        WorkloadView endpoint = workloads.submit(new WorkloadForm.Inference(
                "nlp",
                "panel-ep",
                "nvcr.io/nvidia/tritonserver:26.10-py3",
                "8000",
                "2",
                "8Gi",
                "",
                "0",
                "1",
                "1",
                "70",
                "/v2/health/ready"));
        made.add(endpoint.id());
        AsPlatformAdmin.run(() -> workloads.recordObservation(endpoint.id(), ObservedPhase.RUNNING, null));
        WorkloadDetailView view = navigate(WorkloadDetailView.class, Map.of("id", Long.toString(endpoint.id())));
        assertThat(view.connection.url.getValue()).endsWith("/t/nlp/endpoints/panel-ep/");
        assertThat(view.connection.curl.getText())
                .startsWith("curl -H \"Authorization: Bearer $GPU_PORTAL_KEY\" ")
                .endsWith("/t/nlp/endpoints/panel-ep/");
        assertThat(view.connection.python.getText()).contains("requests.get(");

        // A key is made with a name, shown once, listed without its secret, and revoked.
        view.connection.keys.name.setValue("batch-job");
        view.connection.keys.create.click();
        String key = view.connection.keys.created.getValue();
        assertThat(key).startsWith("gpk_");
        var listed = view.connection.keys.grid.getGenericDataView().getItems().toList();
        assertThat(listed).singleElement().satisfies(k -> {
            assertThat(k.name()).isEqualTo("batch-job");
            assertThat(k.hint()).isEqualTo(key.substring(0, 4 + 12 + 1) + "…"); // prefix and public id
        });
        view = navigate(WorkloadDetailView.class, Map.of("id", Long.toString(endpoint.id())));
        assertThat(view.connection.keys.created.isVisible()).isFalse();
        assertThat(view.connection.getElement().getTextRecursively()).doesNotContain(key);
    }
}
