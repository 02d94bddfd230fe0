package dev.gpuportal.cluster.virtual;

/**
 * A kubeconfig for a virtual cluster that authenticates with OIDC through kubectl's oidc-login plugin: the cluster's
 * address and CA certificate (public), no certificate or token of anyone.
 */
record OidcKubeconfig(
        String clusterName,
        String server,
        String certificateAuthorityData,
        String namespace,
        String issuerUrl,
        String clientId) {

    String render() {
        String user = clusterName + "-sso";
        return """
                # Your tenant's own Kubernetes cluster, from GPU Portal. It holds no credentials: kubectl signs you in \
                with
                # single sign-on through %s, using the oidc-login plugin
                # (kubectl krew install oidc-login). With a token of your own instead: kubectl --token "$TOKEN" ...
                apiVersion: v1
                kind: Config
                clusters:
                - name: %s
                  cluster:
                    server: %s
                %s
                users:
                - name: %s
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1
                      command: kubectl
                      args:
                      - oidc-login
                      - get-token
                      - --oidc-issuer-url=%s
                      - --oidc-client-id=%s
                      interactiveMode: IfAvailable
                      provideClusterInfo: false
                contexts:
                - name: %s
                  context:
                    cluster: %s
                    user: %s
                    namespace: %s
                current-context: %s
                """.formatted(
                        issuerUrl,
                        clusterName,
                        server,
                        certificateAuthorityData == null || certificateAuthorityData.isBlank()
                                ? ""
                                : "    certificate-authority-data: " + certificateAuthorityData,
                        user,
                        issuerUrl,
                        clientId,
                        clusterName,
                        clusterName,
                        user,
                        namespace,
                        clusterName);
    }
}
