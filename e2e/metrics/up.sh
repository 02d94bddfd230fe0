#!/usr/bin/env bash
# Starts the metrics stack beside a simulated cluster: the DCGM-exporter stand-in (dcgm_standin.py) and a real
# Prometheus (Debian's `prometheus` package) scraping it every 2 s. Free ports; PIDs go to the cluster's run/pids so
# that e2e/cluster/down.sh stops them too. Writes PROMETHEUS_URL and DCGM_STANDIN_URL into DIR/cluster.env.
#   e2e/metrics/up.sh DIR      (DIR: the cluster folder up.sh used)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DIR="$(cd "${1:?usage: up.sh CLUSTER_DIR}" && pwd)"
PROMETHEUS="${GPU_PORTAL_PROMETHEUS:-$(command -v prometheus || true)}"
[ -x "$PROMETHEUS" ] || { echo "metrics/up.sh: no prometheus binary (apt-get install prometheus)" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
STANDIN_PORT=$(free_port); PROM_PORT=$(free_port)
mkdir -p "$DIR/prometheus/data" "$DIR/logs" "$DIR/run"
cat >"$DIR/prometheus/prometheus.yml" <<YAML
global: {scrape_interval: 2s, evaluation_interval: 2s}
scrape_configs:
  - job_name: dcgm-exporter
    honor_labels: true
    static_configs: [{targets: ["127.0.0.1:$STANDIN_PORT"]}]
YAML
python3 "$HERE/dcgm_standin.py" "$DIR" "$STANDIN_PORT" >"$DIR/logs/dcgm-standin.log" 2>&1 &
echo "$! dcgm-standin" >>"$DIR/run/pids"
"$PROMETHEUS" --config.file "$DIR/prometheus/prometheus.yml" --storage.tsdb.path "$DIR/prometheus/data" \
  --web.listen-address "127.0.0.1:$PROM_PORT" --storage.tsdb.retention.time 8d >"$DIR/logs/prometheus.log" 2>&1 &
echo "$! prometheus" >>"$DIR/run/pids"
for _ in $(seq 1 150); do
  curl -sf "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null 2>&1 && curl -sf "http://127.0.0.1:$STANDIN_PORT/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null || { echo "metrics/up.sh: Prometheus did not come up" >&2; tail -5 "$DIR/logs/prometheus.log" >&2; exit 1; }
printf 'PROMETHEUS_URL=http://127.0.0.1:%s\nDCGM_STANDIN_URL=http://127.0.0.1:%s/metrics\n' "$PROM_PORT" "$STANDIN_PORT" >>"$DIR/cluster.env"
echo "metrics/up.sh: Prometheus http://127.0.0.1:$PROM_PORT scraping the DCGM stand-in on :$STANDIN_PORT" >&2
