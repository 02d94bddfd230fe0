#!/usr/bin/env bash
# Submits a training job through the REST API with a token from Keycloak, then waits until it runs.
#   PORTAL=http://localhost:8080 ISSUER=http://localhost:8180/realms/gpu-portal TENANT=nlp USER=nina PASSWORD=demo \
#     bash e2e/api-example.sh
set -euo pipefail
PORTAL="${PORTAL:-http://localhost:8080}"
ISSUER="${ISSUER:-http://localhost:8180/realms/gpu-portal}"
TENANT="${TENANT:-nlp}"
NAME="${NAME:-bert-finetune-$(date +%H%M%S)}"

TOKEN=$(curl -sf "$ISSUER/protocol/openid-connect/token" \
  -d grant_type=password -d client_id=gpu-portal-api -d "username=${USER:-nina}" -d "password=${PASSWORD:-demo}" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')

RESPONSE=$(curl -sS -X POST "$PORTAL/api/v1/workloads" \
  -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" -H "Idempotency-Key: $NAME" \
  -d @- <<JSON
{"kind": "training", "tenant": "$TENANT", "name": "$NAME",
 "image": "nvcr.io/nvidia/pytorch:26.10-py3", "command": ["python", "train.py"], "args": ["--epochs", "3"],
 "env": {"LEARNING_RATE": "0.0001"}, "cpu": "4", "memory": "16Gi",
 "gpuProfile": "mig-1g.10gb", "gpuCount": 1, "workers": 2, "retries": 1, "maxRunTime": "2h", "checkpoint": "10Gi"}
JSON
)
echo "$RESPONSE"
ID=$(echo "$RESPONSE" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
for _ in $(seq 1 30); do
  PHASE=$(curl -sf "$PORTAL/api/v1/workloads/$ID" -H "Authorization: Bearer $TOKEN" |
    python3 -c 'import json, sys; w = json.load(sys.stdin); print(w["phase"], "-", w["reason"])')
  echo "workload $ID: $PHASE"
  case "$PHASE" in running*|succeeded*|failed*) break ;; esac
  sleep 1
done
