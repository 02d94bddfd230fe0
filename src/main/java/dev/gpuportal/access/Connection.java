package dev.gpuportal.access;

import dev.gpuportal.workload.WorkloadKind;

/**
 * How to reach a running notebook or endpoint: its route's URL, ready-to-paste calls with a placeholder for the key,
 * and the {@code kubectl port-forward} line for people who prefer their tenant's kubeconfig. Pure.
 */
public record Connection(WorkloadKind kind, String url, String curl, String python, String portForward) {

    static final String KEY_PLACEHOLDER = "$GPU_PORTAL_KEY";

    /** The connection of a workload; {@code base} is the portal's external address without a trailing slash. */
    static Connection of(String base, RouteKind kind, String tenant, String name, String namespace) {
        String url = base + RoutePaths.base(kind, tenant, name);
        String localPort = kind == RouteKind.NOTEBOOKS ? "8888" : "8080";
        String portForward = "kubectl -n " + namespace + " port-forward svc/" + name + " " + localPort + ":80";
        if (kind == RouteKind.NOTEBOOKS) {
            return new Connection(kind.workloadKind(), url, "", "", portForward);
        }
        String curl = "curl -H \"Authorization: Bearer " + KEY_PLACEHOLDER + "\" " + url;
        String python = "import os, requests\n\n" + "response = requests.get(\n    \"" + url + "\",\n"
                + "    headers={\"Authorization\": \"Bearer \" + os.environ[\"GPU_PORTAL_KEY\"]},\n"
                + "    timeout=60,\n)\nprint(response.status_code, response.text)";
        return new Connection(kind.workloadKind(), url, curl, python, portForward);
    }
}
