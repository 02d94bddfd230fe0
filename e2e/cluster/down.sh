#!/usr/bin/env bash
# Stops exactly the processes up.sh started for one cluster folder, and removes the folder unless KEEP=1.
#   down.sh DIR      (DIR: the folder up.sh used; the kubeconfig's folder)
set -euo pipefail
DIR="${1:-${GPU_PORTAL_CLUSTER_DIR:-}}"
[ -n "$DIR" ] || { echo "usage: down.sh DIR" >&2; exit 2; }
[ -f "$DIR" ] && DIR="$(dirname "$DIR")"   # a kubeconfig path works too
PIDS="$DIR/run/pids"
if [ -f "$PIDS" ]; then
  # Reverse start order: KWOK and controllers first, etcd last.
  tac "$PIDS" | while read -r pid name; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
  done
  for _ in $(seq 1 50); do
    alive=0
    while read -r pid name; do kill -0 "$pid" 2>/dev/null && alive=1; done <"$PIDS"
    [ "$alive" -eq 0 ] && break
    sleep 0.1
  done
  while read -r pid name; do kill -9 "$pid" 2>/dev/null || true; done <"$PIDS"
  rm -f "$PIDS"
fi
if [ "${KEEP:-0}" != "1" ] && [ -d "$DIR/etcd" ]; then
  rm -rf "$DIR"
fi
