package dev.gpuportal.ui.workloads;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import dev.gpuportal.access.Connection;
import dev.gpuportal.access.Connections;
import dev.gpuportal.access.EndpointKeys;
import dev.gpuportal.ui.base.Notifications;
import dev.gpuportal.workload.WorkloadKind;
import dev.gpuportal.workload.WorkloadView;
import java.util.Optional;

/**
 * How to reach a notebook or an endpoint, shown once it runs (before: what it waits for): the Open button, the URL
 * with a copy button and ready-to-paste calls for endpoints, and the {@code kubectl port-forward} line.
 */
class ConnectionPanel extends Div {

    final Paragraph waiting = new Paragraph();
    final Anchor open = new Anchor();
    final TextField url = new TextField("Endpoint URL");
    final Button copy = new Button("Copy");
    final Pre curl = new Pre();
    final Pre python = new Pre();
    final Pre portForward = new Pre();
    final Paragraph hint = new Paragraph();
    final EndpointKeysPanel keys;
    private final Connections connections;
    private String requestBase = "";

    ConnectionPanel(Connections connections, EndpointKeys endpointKeys) {
        this.connections = connections;
        this.keys = new EndpointKeysPanel(endpointKeys);
        addClassName("connection");
        open.setTarget(AnchorTarget.BLANK);
        open.setText("Open");
        open.getElement().setAttribute("router-ignore", true);
        open.addClassName("open-link");
        url.setReadOnly(true);
        url.setWidth("40em");
        copy.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        copy.addClickListener(e -> {
            copy.getElement().executeJs("navigator.clipboard.writeText($0)", url.getValue());
            Notifications.success("Copied");
        });
        hint.addClassName("hint");
    }

    /** The address the browser used to reach the portal, for the URLs when no external address is configured. */
    void setRequestBase(String requestBase) {
        this.requestBase = requestBase;
    }

    void show(WorkloadView w) {
        removeAll();
        if (w.kind() == WorkloadKind.TRAINING_JOB) {
            setVisible(false);
            return;
        }
        setVisible(true);
        add(new H3("Connect"));
        Optional<Connection> connection = connections.whenRunning(w, requestBase);
        if (connection.isEmpty()) {
            waiting.setText("Open and connection details appear once it runs — now: " + w.statusText());
            add(waiting);
            return;
        }
        Connection c = connection.get();
        if (c.kind() == WorkloadKind.NOTEBOOK) {
            open.setHref(c.url());
            hint.setText("Opens in a new tab, signed in. A custom image must start Jupyter with "
                    + "--ServerApp.base_url=" + c.url().substring(c.url().indexOf("/t/"))
                    + " (the Jupyter images read it from NOTEBOOK_ARGS).");
            add(open, hint);
        } else {
            url.setValue(c.url());
            open.setHref(c.url());
            curl.setText(c.curl());
            python.setText(c.python());
            add(
                    new HorizontalLayout(url, copy, open),
                    new Paragraph("Call it with an endpoint key (programs) or open it in the browser (members):"),
                    curl,
                    python,
                    new H3("Keys"),
                    keys);
            keys.show(w.id());
        }
        portForward.setText(c.portForward());
        add(new Paragraph("Or with your tenant's kubeconfig:"), portForward);
    }
}
