#!/usr/bin/env bash
# Installs a real Jupyter server (jupyter-server and ipykernel from PyPI) into a cached virtual environment, for the
# tests that open a notebook through its route. The tests run the same step themselves when it is missing.
set -euo pipefail
home="$HOME/.cache/gpu-portal/jupyter"
venv="$home/venv"
if [ -x "$venv/bin/python3" ] && "$venv/bin/python3" -c 'import ipykernel, jupyter_server' 2>/dev/null; then
  exit 0
fi
mkdir -p "$home"
[ -x "$venv/bin/python3" ] || python3 -m venv "$venv"
"$venv/bin/python3" -m pip install -q jupyter-server ipykernel
"$venv/bin/jupyter-server" --version
