package dev.gpuportal.cluster.workloads;

import dev.gpuportal.cluster.registry.RegisteredCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/** Each notebook's Jupyter token: made once in its namespace, read back when the portal asks the server. */
final class NotebookTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private NotebookTokens() {}

    /** Creates the token Secret if it is missing; an existing token is never replaced. */
    static void ensure(RegisteredCluster cluster, Secret withoutToken) {
        if (cluster.owned()
                .get(
                        Secret.class,
                        withoutToken.getMetadata().getNamespace(),
                        withoutToken.getMetadata().getName())
                .isPresent()) {
            return;
        }
        byte[] token = new byte[24];
        RANDOM.nextBytes(token);
        Secret secret = new SecretBuilder(withoutToken)
                .withStringData(Map.of(
                        WorkloadManifests.NOTEBOOK_TOKEN_KEY, HexFormat.of().formatHex(token)))
                .build();
        try {
            cluster.owned().written(cluster.client().secrets().resource(secret).create());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) { // 409: created by a pass that ran at the same time; its token stands
                throw e;
            }
        }
    }

    /** The token of a notebook, if its Secret exists. */
    static Optional<String> read(KubernetesClient client, String namespace, String workloadName) {
        return tokenOf(client.secrets()
                .inNamespace(namespace)
                .withName(WorkloadManifests.tokenSecretName(workloadName))
                .get());
    }

    /** The token of a notebook from the cluster's cache of owned objects: no request to the API server. */
    static Optional<String> cached(RegisteredCluster cluster, String namespace, String workloadName) {
        return cluster.owned()
                .get(Secret.class, namespace, WorkloadManifests.tokenSecretName(workloadName))
                .flatMap(NotebookTokens::tokenOf);
    }

    private static Optional<String> tokenOf(Secret secret) {
        if (secret == null || secret.getData() == null) {
            return Optional.empty();
        }
        String encoded = secret.getData().get(WorkloadManifests.NOTEBOOK_TOKEN_KEY);
        return encoded == null
                ? Optional.empty()
                : Optional.of(new String(
                        java.util.Base64.getDecoder().decode(encoded), java.nio.charset.StandardCharsets.UTF_8));
    }
}
