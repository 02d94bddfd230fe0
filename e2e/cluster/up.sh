#!/usr/bin/env bash
# Starts a simulated Kubernetes cluster: etcd, kube-apiserver (RBAC; admission incl. ResourceQuota and LimitRanger),
# kube-controller-manager, kube-scheduler and KWOK playing the kubelet for the GPU node pools in nodes/.
# Every instance gets free ports and its own folder, so several can run at once.
#
#   up.sh [DIR]     DIR defaults to $GPU_PORTAL_CLUSTER_DIR or a new temporary folder
#
# Optional: GPU_PORTAL_NODE_FILES (node files to create, default nodes/*.yaml; set but empty: none), GPU_PORTAL_APISERVER_ARGS (extra
# kube-apiserver flags, e.g. --oidc-*), GPU_PORTAL_SIMULATED_VOLUMES (pre-made volumes, default 60),
# GPU_PORTAL_METRICS=1 (also Prometheus + the DCGM-exporter stand-in, see ../metrics/README.md).
# GPU_PORTAL_KUEUE=1 (also start Kueue's manager with its CRDs and webhooks: kueue.sh).
#
# Prints the admin kubeconfig's path as the last line. Stop it with: down.sh DIR
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"
BIN="${GPU_PORTAL_K8S_CACHE:-$HOME/.cache/gpu-portal/k8s}/$K8S_VERSION/bin"
for b in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok; do
  [ -x "$BIN/$b" ] || { bash "$HERE/build.sh" >&2; break; }
done

DIR="${1:-${GPU_PORTAL_CLUSTER_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/gpu-portal-cluster.XXXXXX")}}"
mkdir -p "$DIR"/{pki,logs,etcd,run}
DIR="$(cd "$DIR" && pwd)"
[ -s "$DIR/run/pids" ] && { echo "up.sh: a cluster already runs in $DIR (down.sh $DIR first)" >&2; exit 1; }
START=$(date +%s%N)
KUBECTL="$BIN/kubectl --kubeconfig $DIR/kubeconfig"

free_port() { # a port nobody listens on (the kernel's pick; a random unused one where python3 is missing)
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
  else
    local port
    while :; do
      port=$(( 20000 + RANDOM % 40000 ))
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
  fi
}
ETCD_PORT=$(free_port); ETCD_PEER_PORT=$(free_port); API_PORT=$(free_port)
KCM_PORT=$(free_port); SCHED_PORT=$(free_port); KWOK_PORT=$(free_port)

# --- certificates: a cluster CA, the API server's serving certificate, an admin client, service-account keys ---
PKI="$DIR/pki"
openssl_quiet() { openssl "$@" >/dev/null 2>&1; }
openssl_quiet req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=gpu-portal-simulated-ca" \
  -keyout "$PKI/ca.key" -out "$PKI/ca.crt"
openssl_quiet req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" -keyout "$PKI/apiserver.key" -out "$PKI/apiserver.csr"
printf "subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n" > "$PKI/apiserver.ext"
openssl_quiet x509 -req -in "$PKI/apiserver.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial -days 3650 \
  -extfile "$PKI/apiserver.ext" -out "$PKI/apiserver.crt"
openssl_quiet req -newkey rsa:2048 -nodes -subj "/O=system:masters/CN=admin" -keyout "$PKI/admin.key" -out "$PKI/admin.csr"
printf "extendedKeyUsage=clientAuth\n" > "$PKI/client.ext"
openssl_quiet x509 -req -in "$PKI/admin.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial -days 3650 \
  -extfile "$PKI/client.ext" -out "$PKI/admin.crt"
openssl_quiet genrsa -out "$PKI/sa.key" 2048
openssl_quiet rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub"

cat > "$DIR/kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: gpu-portal-simulated
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority: $PKI/ca.crt
users:
- name: admin
  user:
    client-certificate: $PKI/admin.crt
    client-key: $PKI/admin.key
contexts:
- name: gpu-portal-simulated
  context: {cluster: gpu-portal-simulated, user: admin}
current-context: gpu-portal-simulated
KUBECONFIG

start() { # start <name> <command...>: runs in the background, logs to logs/<name>.log, remembers the PID
  local name="$1"; shift
  "$@" >"$DIR/logs/$name.log" 2>&1 &
  echo "$! $name" >>"$DIR/run/pids"
}
fail() {
  echo "up.sh: $1 (logs in $DIR/logs)" >&2
  tail -n 20 "$DIR/logs/$2.log" >&2 || true
  bash "$HERE/down.sh" "$DIR" >&2 || true
  exit 1
}
wait_for() { # wait_for <seconds> <component> <command...>: fails at once if the component's process died
  local deadline=$(( $(date +%s) + $1 )) component="$2"; shift 2
  local pid; pid=$(awk -v n="$component" '$2 == n {print $1}' "$DIR/run/pids")
  until "$@" >/dev/null 2>&1; do
    [ -z "$pid" ] || kill -0 "$pid" 2>/dev/null || fail "$component exited" "$component"
    [ "$(date +%s)" -lt "$deadline" ] || fail "$component did not come up" "$component"
    sleep 0.2
  done
}

start etcd "$BIN/etcd" --name gpu-portal --data-dir "$DIR/etcd" \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "gpu-portal=http://127.0.0.1:$ETCD_PEER_PORT" --unsafe-no-fsync --log-level warn
wait_for 30 etcd curl -sf "http://127.0.0.1:$ETCD_PORT/health"

start kube-apiserver "$BIN/kube-apiserver" \
  --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --endpoint-reconciler-type none --secure-port "$API_PORT" \
  --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
  --client-ca-file "$PKI/ca.crt" \
  --service-account-issuer https://kubernetes.default.svc --service-account-key-file "$PKI/sa.pub" \
  --service-account-signing-key-file "$PKI/sa.key" \
  --service-cluster-ip-range 10.96.0.0/16 \
  --authorization-mode Node,RBAC \
  --enable-admission-plugins NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultStorageClass,ResourceQuota,NodeRestriction \
  --allow-privileged=true --enable-priority-and-fairness=false --profiling=false \
  ${GPU_PORTAL_APISERVER_ARGS:-}
wait_for 60 kube-apiserver $KUBECTL get --raw /readyz

start kube-controller-manager "$BIN/kube-controller-manager" \
  --kubeconfig "$DIR/kubeconfig" --authentication-kubeconfig "$DIR/kubeconfig" --authorization-kubeconfig "$DIR/kubeconfig" \
  --bind-address 127.0.0.1 --secure-port "$KCM_PORT" --leader-elect=false \
  --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" \
  --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" \
  --use-service-account-credentials=false --concurrent-gc-syncs 5 \
  --node-monitor-grace-period 2m --profiling=false
start kube-scheduler "$BIN/kube-scheduler" \
  --kubeconfig "$DIR/kubeconfig" --authentication-kubeconfig "$DIR/kubeconfig" --authorization-kubeconfig "$DIR/kubeconfig" \
  --bind-address 127.0.0.1 --secure-port "$SCHED_PORT" --leader-elect=false --profiling=false
start kwok "$BIN/kwok" --kubeconfig "$DIR/kubeconfig" --config "$HERE/stages/stages.yaml" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
  --server-address "127.0.0.1:$KWOK_PORT" --cidr 10.244.0.0/16 --node-ip 127.0.0.1 --node-port "$KWOK_PORT"

# --- the simulated cluster's contents: GPU node pools, a default StorageClass with pre-made volumes ---
NODE_FILES="${GPU_PORTAL_NODE_FILES-$(ls "$HERE"/nodes/*.yaml)}"   # set but empty: no nodes
for f in $NODE_FILES; do cat "$f"; printf '\n---\n'; done >"$DIR/nodes.yaml"
if grep -q '^kind: Node' "$DIR/nodes.yaml"; then
  $KUBECTL apply -f "$DIR/nodes.yaml" >"$DIR/logs/setup.log" 2>&1 || fail "could not create the nodes" setup
fi
{
  cat <<'SC'
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: simulated
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: Immediate
reclaimPolicy: Delete
SC
  # KWOK runs no volume provisioner: pre-made volumes let claims bind, so pods with volumes schedule.
  for i in $(seq 1 ${GPU_PORTAL_SIMULATED_VOLUMES:-60}); do
    printf -- '---\napiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: simulated-pv-%03d\n  labels: {gpu-portal.dev/simulated: "true"}\nspec:\n  storageClassName: simulated\n  capacity: {storage: 8Ti}\n  accessModes: [ReadWriteOnce, ReadWriteMany]\n  persistentVolumeReclaimPolicy: Retain\n  hostPath: {path: /tmp/simulated-pv-%03d}\n' "$i" "$i"
  done
} | $KUBECTL apply -f - >>"$DIR/logs/setup.log" 2>&1 || fail "could not create storage" setup

# Ready when the nodes are Ready and the controller-manager works (it creates the default service account).
wait_for 60 kwok sh -c "[ \$($KUBECTL get nodes --no-headers 2>/dev/null | grep -cw Ready) -ge $(grep -c '^kind: Node' "$DIR/nodes.yaml") ]"
wait_for 60 kube-controller-manager $KUBECTL -n default get serviceaccount default
KUEUE_ENV=""
# shellcheck source=kueue.sh
if [ "${GPU_PORTAL_KUEUE:-0}" = "1" ]; then source "$HERE/kueue.sh"; fi

cat >"$DIR/cluster.env" <<ENV
KUBECONFIG=$DIR/kubeconfig
API_SERVER=https://127.0.0.1:$API_PORT
ETCD=http://127.0.0.1:$ETCD_PORT
$KUEUE_ENV
ENV
# GPU_PORTAL_METRICS=1: Prometheus and the DCGM-exporter stand-in too (their URLs go into cluster.env).
if [ "${GPU_PORTAL_METRICS:-0}" = "1" ]; then
  bash "$HERE/../metrics/up.sh" "$DIR" || fail "could not start the metrics stack" prometheus
fi
echo "up.sh: simulated cluster ready in $(( ($(date +%s%N) - START) / 1000000 )) ms: $($KUBECTL get nodes --no-headers | wc -l) nodes${KUEUE_ENV:+, Kueue}, API https://127.0.0.1:$API_PORT, folder $DIR" >&2
echo "$DIR/kubeconfig"
