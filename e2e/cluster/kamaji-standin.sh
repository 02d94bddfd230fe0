#!/usr/bin/env bash
# Plays the part of Kamaji's operator on a simulated host cluster, for the tests and the dev stack. Kamaji runs
# each tenant control plane as pods, which simulated nodes cannot run; this stand-in instead starts, for every
# TenantControlPlane, a real control plane of its own with up.sh (etcd, kube-apiserver with the object's
# extraArgs.apiServer flags, controller-manager, scheduler, KWOK nodes), then does what Kamaji does visibly:
# writes the admin kubeconfig to the Secret <name>-admin-kubeconfig (key admin.conf, owned by the object) and
# reports status.kubernetesResources.version {version, status}, status.kubeconfig.admin.secretName and
# status.controlPlaneEndpoint. A changed spec.kubernetes.version is reported as an upgrade (Upgrading, then Ready
# at the new version; the simulated binaries stay at versions.env's release). Node pools named in the annotation
# gpu-portal.dev/node-pools are created as KWOK nodes in the tenant cluster and cordoned in the host while it lives.
# A deleted TenantControlPlane's control plane is stopped. KAMAJI_STANDIN_OIDC_CA_FILE, if set, is passed to
# kube-apiservers that get OIDC flags as --oidc-ca-file (a real Kamaji mounts such a file into the pod).
#
#   kamaji-standin.sh HOST_KUBECONFIG [STATE_DIR]      (runs until stopped; installs the CRD first)
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"
BIN="${GPU_PORTAL_K8S_CACHE:-$HOME/.cache/gpu-portal/k8s}/$K8S_VERSION/bin"
HOST="${1:?usage: kamaji-standin.sh HOST_KUBECONFIG [STATE_DIR]}"
STATE="${2:-$(mktemp -d "${TMPDIR:-/tmp}/kamaji-standin.XXXXXX")}"
mkdir -p "$STATE"
K="$BIN/kubectl --kubeconfig $HOST"
log() { echo "kamaji-standin: $*" >&2; }

$K apply -f "$HERE/crds/" >/dev/null || { log "cannot install the TenantControlPlane CRD"; exit 1; }
log "watching TenantControlPlanes of $HOST (state in $STATE)"

stop_all() {
  for d in "$STATE"/*/; do [ -d "$d" ] && teardown "$(basename "$d")"; done
  exit 0
}
trap stop_all INT TERM

status() { # status NS NAME JSON
  $K -n "$1" patch tenantcontrolplanes.kamaji.clastix.io "$2" --subresource=status --type=merge -p "$3" >/dev/null
}

cordon() { # cordon on|off POOLS
  local pools="$2" pool
  for pool in ${pools//,/ }; do
    if [ "$1" = on ]; then $K cordon -l "gpu-portal.dev/pool=$pool" >/dev/null 2>&1
    else $K uncordon -l "gpu-portal.dev/pool=$pool" >/dev/null 2>&1; fi
  done
}

provision() { # provision UID NS NAME VERSION POOLS ARGS
  local uid="$1" ns="$2" name="$3" version="$4" pools="$5" args="$6" dir="$STATE/$1" files="" pool
  log "provisioning $ns/$name ($version, node pools: ${pools:-none})"
  status "$ns" "$name" '{"status":{"kubernetesResources":{"version":{"status":"Provisioning"}}}}'
  for pool in ${pools//,/ }; do
    [ -f "$HERE/nodes/$pool.yaml" ] && files="$files $HERE/nodes/$pool.yaml"
  done
  if [ -n "${KAMAJI_STANDIN_OIDC_CA_FILE:-}" ] && [[ "$args" == *--oidc-issuer-url* ]]; then
    args="$args --oidc-ca-file=$KAMAJI_STANDIN_OIDC_CA_FILE"
  fi
  if ! GPU_PORTAL_NODE_FILES="$files" GPU_PORTAL_APISERVER_ARGS="$args" GPU_PORTAL_SIMULATED_VOLUMES=20 \
      bash "$HERE/up.sh" "$dir" >"$STATE/$uid.log" 2>&1; then
    log "control plane of $ns/$name did not start (see $STATE/$uid.log)"
    status "$ns" "$name" '{"status":{"kubernetesResources":{"version":{"status":"NotReady"}}}}'
    printf 'apiVersion: v1\nkind: Event\nmetadata: {generateName: %s-, namespace: %s}\ninvolvedObject: {apiVersion: kamaji.clastix.io/v1alpha1, kind: TenantControlPlane, name: %s, namespace: %s, uid: %s}\ntype: Warning\nreason: ControlPlaneFailed\nmessage: %s\nsource: {component: kamaji-standin}\nfirstTimestamp: %s\nlastTimestamp: %s\n' \
      "$name" "$ns" "$name" "$ns" "$uid" "\"$(tail -n 3 "$STATE/$uid.log" | tr '\n"' ' ' | cut -c1-300)\"" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" | $K create -f - >/dev/null 2>&1
    mkdir -p "$dir" && touch "$dir/failed"   # not retried: the object stays NotReady with the event's reason
    return
  fi
  echo "$pools" >"$dir/pools"
  cordon on "$pools"
  local conf endpoint
  conf=$("$BIN/kubectl" --kubeconfig "$dir/kubeconfig" config view --raw --flatten | base64 -w0)
  endpoint=$(sed -n 's|^API_SERVER=https://||p' "$dir/cluster.env")
  cat <<SECRET | $K apply -f - >/dev/null
apiVersion: v1
kind: Secret
metadata:
  name: $name-admin-kubeconfig
  namespace: $ns
  labels: {kamaji.clastix.io/name: $name}
  ownerReferences: [{apiVersion: kamaji.clastix.io/v1alpha1, kind: TenantControlPlane, name: $name, uid: $uid}]
type: Opaque
data:
  admin.conf: $conf
SECRET
  status "$ns" "$name" "{\"status\":{\"controlPlaneEndpoint\":\"$endpoint\",\"kubeconfig\":{\"admin\":{\"secretName\":\"$name-admin-kubeconfig\",\"lastUpdate\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"}},\"kubernetesResources\":{\"version\":{\"version\":\"$version\",\"status\":\"Ready\"}}}}"
  log "$ns/$name ready at https://$endpoint"
}

teardown() { # teardown UID
  local dir="$STATE/$1"
  log "stopping the control plane $1"
  [ -f "$dir/pools" ] && cordon off "$(cat "$dir/pools")"
  bash "$HERE/down.sh" "$dir" >/dev/null 2>&1 || true
  rm -rf "$dir" "$STATE/$1.log"
}

while :; do
  listing=$($K get tenantcontrolplanes.kamaji.clastix.io -A -o go-template='{{range .items}}{{.metadata.uid}}|{{.metadata.namespace}}|{{.metadata.name}}|{{.spec.kubernetes.version}}|{{with .status}}{{with .kubernetesResources}}{{with .version}}{{.version}}{{end}}{{end}}{{end}}|{{with .metadata.annotations}}{{index . "gpu-portal.dev/node-pools"}}{{end}}|{{with .spec.controlPlane}}{{with .deployment}}{{with .extraArgs}}{{range .apiServer}}{{.}} {{end}}{{end}}{{end}}{{end}}|{{if .metadata.deletionTimestamp}}deleting{{end}}{{"\n"}}{{end}}' 2>/dev/null) || { sleep 1; continue; }
  live=" "
  while IFS='|' read -r uid ns name want have pools args deleting; do
    [ -n "$uid" ] || continue
    [ -z "$deleting" ] || continue
    live="$live$uid "
    if [ ! -d "$STATE/$uid" ]; then
      provision "$uid" "$ns" "$name" "$want" "$pools" "$args"
    elif [ -n "$have" ] && [ "$want" != "$have" ] && [ ! -f "$STATE/$uid/failed" ]; then
      log "upgrading $ns/$name from $have to $want"
      status "$ns" "$name" "{\"status\":{\"kubernetesResources\":{\"version\":{\"version\":\"$have\",\"status\":\"Upgrading\"}}}}"
      sleep 3
      status "$ns" "$name" "{\"status\":{\"kubernetesResources\":{\"version\":{\"version\":\"$want\",\"status\":\"Ready\"}}}}"
    fi
  done <<<"$listing"
  for d in "$STATE"/*/; do
    [ -d "$d" ] || continue
    uid="$(basename "$d")"
    case "$live" in *" $uid "*) ;; *) teardown "$uid" ;; esac
  done
  sleep 1
done
