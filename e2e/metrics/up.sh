#!/usr/bin/env bash
# Starts the metrics stack beside a simulated cluster: the DCGM-exporter stand-in (dcgm_standin.py), a real
# kube-state-metrics (built from the Go module proxy by e2e/cluster/build.sh) and a real Prometheus (Debian's
# `prometheus` package) scraping both every 2 s. Free ports; PIDs go to the cluster's run/pids so that
# e2e/cluster/down.sh stops them too. Writes PROMETHEUS_URL, DCGM_STANDIN_URL and KSM_URL into DIR/cluster.env.
#   e2e/metrics/up.sh DIR      (DIR: the cluster folder up.sh used)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DIR="$(cd "${1:?usage: up.sh CLUSTER_DIR}" && pwd)"
PROMETHEUS="${GPU_PORTAL_PROMETHEUS:-$(command -v prometheus || true)}"
[ -x "$PROMETHEUS" ] || { echo "metrics/up.sh: no prometheus binary (apt-get install prometheus)" >&2; exit 1; }
# shellcheck source=../cluster/versions.env
source "$HERE/../cluster/versions.env"
KSM="${GPU_PORTAL_K8S_CACHE:-$HOME/.cache/gpu-portal/k8s}/kube-state-metrics/$KSM_VERSION/bin/kube-state-metrics"
[ -x "$KSM" ] || bash "$HERE/../cluster/build.sh" >&2
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
STANDIN_PORT=$(free_port); PROM_PORT=$(free_port); KSM_PORT=$(free_port); KSM_TELEMETRY_PORT=$(free_port)
mkdir -p "$DIR/prometheus/data" "$DIR/logs" "$DIR/run"
cat >"$DIR/prometheus/prometheus.yml" <<YAML
global: {scrape_interval: 2s, evaluation_interval: 2s}
scrape_configs:
  - job_name: dcgm-exporter
    honor_labels: true
    static_configs: [{targets: ["127.0.0.1:$STANDIN_PORT"]}]
  - job_name: kube-state-metrics
    honor_labels: true
    static_configs: [{targets: ["127.0.0.1:$KSM_PORT"]}]
YAML
python3 "$HERE/dcgm_standin.py" "$DIR" "$STANDIN_PORT" >"$DIR/logs/dcgm-standin.log" 2>&1 &
echo "$! dcgm-standin" >>"$DIR/run/pids"
# Only what the portal reads: pods' requests and phases, and nodes with their GPU product label.
"$KSM" --kubeconfig "$DIR/kubeconfig" --host 127.0.0.1 --port "$KSM_PORT" --telemetry-host 127.0.0.1 \
  --telemetry-port "$KSM_TELEMETRY_PORT" --resources pods,nodes \
  --metric-allowlist kube_pod_container_resource_requests,kube_pod_status_phase,kube_node_labels \
  --metric-labels-allowlist 'nodes=[nvidia.com/gpu.product]' >"$DIR/logs/kube-state-metrics.log" 2>&1 &
echo "$! kube-state-metrics" >>"$DIR/run/pids"
"$PROMETHEUS" --config.file "$DIR/prometheus/prometheus.yml" --storage.tsdb.path "$DIR/prometheus/data" \
  --web.listen-address "127.0.0.1:$PROM_PORT" --storage.tsdb.retention.time 8d >"$DIR/logs/prometheus.log" 2>&1 &
echo "$! prometheus" >>"$DIR/run/pids"
for _ in $(seq 1 150); do
  curl -sf "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null 2>&1 && curl -sf "http://127.0.0.1:$STANDIN_PORT/health" >/dev/null 2>&1 \
    && curl -sf "http://127.0.0.1:$KSM_PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null || { echo "metrics/up.sh: Prometheus did not come up" >&2; tail -5 "$DIR/logs/prometheus.log" >&2; exit 1; }
curl -sf "http://127.0.0.1:$KSM_PORT/healthz" >/dev/null || { echo "metrics/up.sh: kube-state-metrics did not come up" >&2; tail -5 "$DIR/logs/kube-state-metrics.log" >&2; exit 1; }
printf 'PROMETHEUS_URL=http://127.0.0.1:%s\nDCGM_STANDIN_URL=http://127.0.0.1:%s/metrics\nKSM_URL=http://127.0.0.1:%s/metrics\n' \
  "$PROM_PORT" "$STANDIN_PORT" "$KSM_PORT" >>"$DIR/cluster.env"
echo "metrics/up.sh: Prometheus http://127.0.0.1:$PROM_PORT scraping the DCGM stand-in on :$STANDIN_PORT and kube-state-metrics on :$KSM_PORT" >&2
