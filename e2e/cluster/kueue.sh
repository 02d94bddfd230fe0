# Sourced by up.sh when GPU_PORTAL_KUEUE=1: starts Kueue's manager beside the control plane.
# Uses up.sh's DIR, PKI, BIN, KUBECTL and its start/wait_for/fail/free_port helpers.
#
# Kueue runs outside the cluster, so the API server reaches its webhooks by URL (https://127.0.0.1:PORT/...) with a
# serving certificate signed by the cluster CA; its CRDs and webhook list come from the Kueue module (build.sh copies
# them next to the binary). Only the batch/job integration is on: notebooks (StatefulSets) and endpoints
# (Deployments) stay outside Kueue, which is how the portal keeps them guaranteed and never preempted.

KUEUE_HOME="${GPU_PORTAL_K8S_CACHE:-$HOME/.cache/gpu-portal/k8s}/kueue/$KUEUE_VERSION"
[ -x "$KUEUE_HOME/bin/kueue" ] && [ -s "$KUEUE_HOME/config/webhooks.yaml" ] || bash "$HERE/build.sh" >&2
command -v python3 >/dev/null 2>&1 || fail "Kueue's webhook setup needs python3" setup

KUEUE_WEBHOOK_PORT=$(free_port); KUEUE_HEALTH_PORT=$(free_port); KUEUE_METRICS_PORT=$(free_port)
mkdir -p "$DIR/kueue/certs"

# The webhook's serving certificate: for 127.0.0.1, signed by the cluster CA (which the webhook configurations trust).
openssl_quiet req -newkey rsa:2048 -nodes -subj "/CN=kueue-webhook" \
  -keyout "$DIR/kueue/certs/tls.key" -out "$DIR/kueue/certs/tls.csr"
printf "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n" >"$DIR/kueue/certs/tls.ext"
openssl_quiet x509 -req -in "$DIR/kueue/certs/tls.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
  -days 3650 -extfile "$DIR/kueue/certs/tls.ext" -out "$DIR/kueue/certs/tls.crt"

# With its own certificate management off, Kueue v0.17 reads the metrics server's certificate from a fixed path
# (cmd/kueue/main.go). Nothing scrapes those metrics here: a self-signed one, made once, is enough.
KUEUE_METRICS_CERTS=/etc/kueue/metrics/certs
if [ ! -s "$KUEUE_METRICS_CERTS/tls.crt" ]; then
  mkdir -p "$KUEUE_METRICS_CERTS" 2>/dev/null || fail "Kueue needs $KUEUE_METRICS_CERTS (run as root once)" setup
  openssl_quiet req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=kueue-metrics" \
    -addext "subjectAltName=IP:127.0.0.1" -keyout "$KUEUE_METRICS_CERTS/tls.key" -out "$KUEUE_METRICS_CERTS/tls.crt" \
    || fail "could not write Kueue's metrics certificate to $KUEUE_METRICS_CERTS" setup
fi

cat >"$DIR/kueue/config.yaml" <<CONFIG
apiVersion: config.kueue.x-k8s.io/v1beta2
kind: Configuration
namespace: kueue-system
health:
  healthProbeBindAddress: 127.0.0.1:$KUEUE_HEALTH_PORT
metrics:
  bindAddress: 127.0.0.1:$KUEUE_METRICS_PORT
webhook:
  host: 127.0.0.1
  port: $KUEUE_WEBHOOK_PORT
  certDir: $DIR/kueue/certs
leaderElection:
  leaderElect: false
internalCertManagement:
  enable: false
manageJobsWithoutQueueName: false
integrations:
  frameworks: ["batch/job"]
fairSharing:
  preemptionStrategies: [LessThanOrEqualToFinalShare, LessThanInitialShare]
# RDMA device-plugin resources (rdma/ib on the H100 pool) are counted by the scheduler, not queued: Kueue would refuse
# a workload that asks for a resource no ClusterQueue covers.
resources:
  excludeResourcePrefixes: ["rdma/"]
CONFIG

$KUBECTL apply --server-side -f "$KUEUE_HOME/config/crds" >>"$DIR/logs/setup.log" 2>&1 \
  || fail "could not install Kueue's CRDs" setup
$KUBECTL create namespace kueue-system >>"$DIR/logs/setup.log" 2>&1 || true
$KUBECTL wait --for condition=established --timeout 60s -f "$KUEUE_HOME/config/crds" >>"$DIR/logs/setup.log" 2>&1 \
  || fail "Kueue's CRDs were not established" setup

# Its visibility API (pending workloads) is an aggregated API server, reachable only through a Service the simulated
# cluster cannot route: off. The portal reads queue positions from the Workload objects instead.
start kueue env KUBECONFIG="$DIR/kubeconfig" POD_NAMESPACE=kueue-system "$KUEUE_HOME/bin/kueue" \
  --config "$DIR/kueue/config.yaml" --feature-gates=VisibilityOnDemand=false --zap-log-level=info
wait_for 120 kueue curl -sf "http://127.0.0.1:$KUEUE_HEALTH_PORT/readyz"

# Kueue's webhooks for the kinds in use (Job, and Kueue's own), pointed at the manager by URL; conversion of Kueue's
# multi-version CRDs likewise. Webhooks of integrations that are off are left out: nothing would answer them.
$KUBECTL create --dry-run=client -o json -f "$KUEUE_HOME/config/webhooks.yaml" | python3 -c '
import base64, json, sys
url, ca = sys.argv[1], base64.b64encode(open(sys.argv[2], "rb").read()).decode()
wanted = ("-batch-v1-job", "-kueue-x-k8s-io-")
text, items, at = sys.stdin.read(), [], 0
while text[at:].strip():  # kubectl prints one JSON document per object
    item, end = json.JSONDecoder().raw_decode(text[at:].lstrip())
    at = len(text) - len(text[at:].lstrip()) + end
    items.append(item)
for config in items:
    config["metadata"]["name"] = "kueue-" + config["metadata"]["name"]
    config["webhooks"] = [w for w in config["webhooks"] if any(k in w["clientConfig"]["service"]["path"] for k in wanted)]
    for w in config["webhooks"]:
        w["clientConfig"] = {"url": url + w["clientConfig"]["service"]["path"], "caBundle": ca}
json.dump({"apiVersion": "v1", "kind": "List", "items": items}, sys.stdout)
' "https://127.0.0.1:$KUEUE_WEBHOOK_PORT" "$PKI/ca.crt" | $KUBECTL apply -f - >>"$DIR/logs/setup.log" 2>&1 \
  || fail "could not register Kueue's webhooks" setup
CA_BUNDLE=$(base64 -w0 "$PKI/ca.crt")
for crd in clusterqueues cohorts localqueues workloads multikueueclusters; do
  $KUBECTL patch crd "$crd.kueue.x-k8s.io" --type merge -p "{\"spec\":{\"conversion\":{\"strategy\":\"Webhook\",
    \"webhook\":{\"conversionReviewVersions\":[\"v1\"],\"clientConfig\":{\"url\":\"https://127.0.0.1:$KUEUE_WEBHOOK_PORT/convert\",
    \"caBundle\":\"$CA_BUNDLE\"}}}}}" >>"$DIR/logs/setup.log" 2>&1 || fail "could not set Kueue's CRD conversion" setup
done
KUEUE_ENV="KUEUE_WEBHOOK=https://127.0.0.1:$KUEUE_WEBHOOK_PORT"
