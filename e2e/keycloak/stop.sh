#!/usr/bin/env bash
# Stops the Keycloak that start.sh started in DIR (its whole process group), and removes DIR unless KEEP=1.
set -euo pipefail
DIR="${1:?usage: stop.sh DIR}"
if [ -s "$DIR/pid" ]; then
  PID="$(cat "$DIR/pid")"
  kill -TERM -- "-$PID" 2>/dev/null || kill -TERM "$PID" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$PID" 2>/dev/null || true
  rm -f "$DIR/pid"
fi
if [ "${KEEP:-0}" != "1" ] && [ -d "$DIR" ]; then rm -rf "$DIR"; fi
