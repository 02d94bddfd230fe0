#!/usr/bin/env bash
# Checks the Helm chart with a real helm and a real API server: `helm lint`, `helm template` with the default values
# and with every option on (check/all-options-values.yaml), then a server-side apply dry-run of both renderings on a
# fresh simulated cluster, so Kubernetes itself validates every manifest (strict field validation: an unknown or
# misplaced field fails). helm and kubectl come from e2e/cluster/build.sh's cache; the cluster is stopped afterwards.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
# shellcheck source=../e2e/cluster/versions.env
source "$ROOT/e2e/cluster/versions.env"
BIN="${GPU_PORTAL_K8S_CACHE:-$HOME/.cache/gpu-portal/k8s}/$K8S_VERSION/bin"
[ -x "$BIN/helm" ] && [ -x "$BIN/kubectl" ] || bash "$ROOT/e2e/cluster/build.sh" >&2
HELM="$BIN/helm"
CHART="$HERE/gpu-portal"
ALL="$HERE/check/all-options-values.yaml"
NS=gpu-portal
WORK="$(mktemp -d "${TMPDIR:-/tmp}/gpu-portal-chart.XXXXXX")"
CLUSTER="$WORK/cluster"
cleanup() { [ -d "$CLUSTER/run" ] && bash "$ROOT/e2e/cluster/down.sh" "$CLUSTER" >/dev/null 2>&1; rm -rf "$WORK"; }
trap cleanup EXIT
step() { echo "check-chart: $*" >&2; }

step "$("$HELM" version --short)"
"$HELM" lint --strict "$CHART"
"$HELM" lint --strict "$CHART" -f "$ALL"
"$HELM" template gpu-portal "$CHART" -n "$NS" --kube-version "$K8S_VERSION" >"$WORK/default.yaml"
"$HELM" template gpu-portal "$CHART" -n "$NS" --kube-version "$K8S_VERSION" -f "$ALL" \
  --api-versions monitoring.coreos.com/v1/ServiceMonitor >"$WORK/all-options.yaml"

kinds() { grep -E '^kind: ' "$1" | sed 's/kind: //' | sort | tr '\n' ' '; }
step "default values render: $(kinds "$WORK/default.yaml")"
step "all options render:    $(kinds "$WORK/all-options.yaml")"
for kind in Deployment Service PodDisruptionBudget ServiceAccount ClusterRole ClusterRoleBinding Role RoleBinding ConfigMap; do
  grep -q "^kind: $kind$" "$WORK/default.yaml" || { step "no $kind with the default values"; exit 1; }
done
for kind in Ingress HTTPRoute ServiceMonitor; do
  ! grep -q "^kind: $kind$" "$WORK/default.yaml" || { step "$kind rendered though not asked for"; exit 1; }
  grep -q "^kind: $kind$" "$WORK/all-options.yaml" || { step "no $kind with all options on"; exit 1; }
done

step "starting a simulated API server (no nodes) ..."
export KUBECONFIG
KUBECONFIG="$(GPU_PORTAL_NODE_FILES="" GPU_PORTAL_SIMULATED_VOLUMES=0 bash "$ROOT/e2e/cluster/up.sh" "$CLUSTER" | tail -1)"
KUBECTL=("$BIN/kubectl" --kubeconfig "$KUBECONFIG")
"${KUBECTL[@]}" create namespace "$NS" >/dev/null
"${KUBECTL[@]}" apply --server-side -f "$HERE/check/crds.yaml" >/dev/null
"${KUBECTL[@]}" wait --for condition=Established --timeout 60s \
  crd/servicemonitors.monitoring.coreos.com crd/httproutes.gateway.networking.k8s.io >/dev/null
for rendering in default all-options; do
  step "server-side apply dry-run of the $rendering rendering:"
  "${KUBECTL[@]}" apply --server-side --dry-run=server --field-manager helm -n "$NS" -f "$WORK/$rendering.yaml" >&2
done
step "passed"
