#!/usr/bin/env bash
# Builds the simulated cluster's binaries from the Go module proxy into a cache outside the repository:
#   etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kwok, helm (deploy/check-chart.sh),
#   Kueue's manager and kube-state-metrics (e2e/metrics)
# Cache: ${GPU_PORTAL_K8S_CACHE:-~/.cache/gpu-portal/k8s}/<kubernetes version>/bin, and for Kueue
# .../kueue/<kueue version>/{bin,config} (its CRDs and webhook manifests, copied from the module), for
# kube-state-metrics .../kube-state-metrics/<version>/bin. A binary already there is reused.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"
CACHE="${GPU_PORTAL_K8S_CACHE:-$HOME/.cache/gpu-portal/k8s}"
BIN="$CACHE/$K8S_VERSION/bin"
KUEUE_HOME="$CACHE/kueue/$KUEUE_VERSION"
KSM_HOME="$CACHE/kube-state-metrics/$KSM_VERSION"

if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  export PATH="/usr/local/go/bin:$PATH"
fi
if ! command -v go >/dev/null 2>&1; then
  echo "build.sh: Go is not installed. The simulated cluster is built from source and needs Go 1.26 or newer:" >&2
  echo "  install it from your package manager or https://go.dev/dl/ and put 'go' on PATH, then run this again." >&2
  exit 1
fi
GO_MINOR=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
if [ "${GO_MINOR:-0}" -lt 26 ]; then
  echo "build.sh: $(go env GOVERSION) is too old; Kubernetes $K8S_VERSION needs Go 1.26 or newer." >&2
  exit 1
fi

mkdir -p "$BIN"
export GOFLAGS="${GOFLAGS:-} -mod=mod"
export CGO_ENABLED=0
TOTAL_START=$(date +%s)
built=()

# Kubernetes components report their version (kubectl version, /version) from these variables.
BUILD_DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
MINOR="${K8S_VERSION#v1.}"; MINOR="${MINOR%%.*}"
K8S_LDFLAGS="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  K8S_LDFLAGS+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$MINOR"
  K8S_LDFLAGS+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$BUILD_DATE"
done

build() { # build <module dir> <ldflags> <binary=package>... (a binary is named after its package; into $OUT)
  local dir="$1" ldflags="$2" BIN="${OUT:-$BIN}"; shift 2
  local missing=() pkgs=() entry
  for entry in "$@"; do
    if [ ! -x "$BIN/${entry%%=*}" ]; then missing+=("${entry%%=*}"); pkgs+=("${entry#*=}"); fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local start; start=$(date +%s)
  echo "build.sh: building ${missing[*]} (the first time takes minutes) ..." >&2
  (cd "$HERE/gobuild/$dir" && go build -trimpath -ldflags "$ldflags" -o "$BIN/" "${pkgs[@]}")
  echo "build.sh: built ${missing[*]} in $(( $(date +%s) - start )) s" >&2
  built+=("${missing[@]}")
}

build kubernetes "$K8S_LDFLAGS" \
  kube-apiserver=k8s.io/kubernetes/cmd/kube-apiserver \
  kube-controller-manager=k8s.io/kubernetes/cmd/kube-controller-manager \
  kube-scheduler=k8s.io/kubernetes/cmd/kube-scheduler \
  kubectl=k8s.io/kubernetes/cmd/kubectl
build etcd "-s -w" etcd=.
build kwok "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION" kwok=sigs.k8s.io/kwok/cmd/kwok
# helm renders for the Kubernetes version of its client libraries unless told (--kube-version), as a release build does.
HELM_K8S_MINOR="$(awk '$1 == "k8s.io/client-go" {print $2}' "$HERE/gobuild/helm/go.mod" | cut -d. -f2)"
HELM_LDFLAGS="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
for pkg in helm.sh/helm/v3/pkg/chartutil helm.sh/helm/v3/pkg/lint/rules; do
  HELM_LDFLAGS+=" -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$HELM_K8S_MINOR"
done
build helm "$HELM_LDFLAGS" helm=helm.sh/helm/v3/cmd/helm
# Kueue (started by up.sh only when GPU_PORTAL_KUEUE=1): its manager, and its CRDs and webhook list from the module.
mkdir -p "$KUEUE_HOME/bin"
OUT="$KUEUE_HOME/bin" build kueue "-s -w -X sigs.k8s.io/kueue/pkg/version.GitVersion=$KUEUE_VERSION" \
  kueue=sigs.k8s.io/kueue/cmd/kueue
if [ ! -s "$KUEUE_HOME/config/webhooks.yaml" ]; then
  KUEUE_MODULE="$(cd "$HERE/gobuild/kueue" && go list -m -f '{{.Dir}}' sigs.k8s.io/kueue)"
  mkdir -p "$KUEUE_HOME/config/crds"
  cp "$KUEUE_MODULE"/config/components/crd/bases/*.yaml "$KUEUE_HOME/config/crds/"
  cp "$KUEUE_MODULE/config/components/webhook/manifests.yaml" "$KUEUE_HOME/config/webhooks.yaml"
  chmod -R u+w "$KUEUE_HOME/config"
fi
# kube-state-metrics (started by e2e/metrics/up.sh): the cluster's own view of what pods request, for Prometheus.
# The checksum database does not list its module nor the sample-controller module it imports; go.sum pins both.
mkdir -p "$KSM_HOME/bin"
GONOSUMDB="k8s.io/kube-state-metrics,k8s.io/sample-controller" OUT="$KSM_HOME/bin" build kube-state-metrics \
  "-s -w -X github.com/prometheus/common/version.Version=${KSM_VERSION#v}" kube-state-metrics=k8s.io/kube-state-metrics/v2

if [ ${#built[@]} -eq 0 ]; then
  echo "build.sh: all binaries cached in $BIN" >&2
else
  echo "build.sh: built ${built[*]} into $BIN (Kueue: $KUEUE_HOME, kube-state-metrics: $KSM_HOME) in $(( $(date +%s) - TOTAL_START )) s" >&2
fi
echo "$BIN"
