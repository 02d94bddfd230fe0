#!/usr/bin/env bash
# The dedicated tier end to end through the REST API, against a running dev stack (see e2e/cluster/README.md,
# "Dev stack with a dedicated tenant"): the admin creates a dedicated tenant and waits for its control plane, a
# member runs a notebook in it, downloads the single-sign-on kubeconfig and, with a token from Keycloak's https
# issuer, lists the namespaces of the tenant's own cluster with kubectl.
#   PORTAL=http://localhost:8080 ISSUER=http://localhost:8180/realms/gpu-portal \
#   HTTPS_ISSUER=https://localhost:8443/realms/gpu-portal CA=/tmp/gpu-portal-kc/tls.crt bash e2e/dedicated-example.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=cluster/versions.env
source "$HERE/cluster/versions.env"
KUBECTL="${GPU_PORTAL_K8S_CACHE:-$HOME/.cache/gpu-portal/k8s}/$K8S_VERSION/bin/kubectl"
PORTAL="${PORTAL:-http://localhost:8080}"
ISSUER="${ISSUER:-http://localhost:8180/realms/gpu-portal}"
HTTPS_ISSUER="${HTTPS_ISSUER:-https://localhost:8443/realms/gpu-portal}"
CA="${CA:-/tmp/gpu-portal-kc/tls.crt}"
TENANT="${TENANT:-vision-lab}"
MEMBER="${MEMBER:-ravi}"
json() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }
token() { curl -sf "$ISSUER/protocol/openid-connect/token" -d grant_type=password -d client_id=gpu-portal-api \
  -d "username=$1" -d password=demo | json 'd["access_token"]'; }
api() { # api TOKEN METHOD PATH [JSON [HEADER]]
  curl -sS -X "$2" "$PORTAL/api/v1$3" -H "Authorization: Bearer $1" -H "Content-Type: application/json" \
    ${5:+-H "$5"} ${4:+-d "$4"}
}

ADMIN=$(token admin)
echo "== admin creates dedicated tenant $TENANT (node pool h100-mig)"
api "$ADMIN" POST /tenants "{\"slug\":\"$TENANT\",\"displayName\":\"Vision Lab\",\"isolationTier\":\"dedicated\",
  \"clusters\":[\"default\"],\"nodePools\":[\"h100-mig\"]}" | json 'd.get("isolationTier") or d'
api "$ADMIN" PUT "/tenants/$TENANT/quota" '{"gpus":"2","cpu":"32","memory":"128Gi","storage":"1Ti","maxWorkloads":10}' \
  'If-Match: "0"' >/dev/null
api "$ADMIN" POST "/tenants/$TENANT/members" "{\"type\":\"user\",\"subject\":\"$MEMBER\",\"role\":\"member\"}" >/dev/null
START=$(date +%s)
for _ in $(seq 1 120); do
  STATE=$(api "$ADMIN" GET "/tenants/$TENANT" | json 'd["controlPlane"]["phase"] + " " + d["controlPlane"]["version"] + " - " + d["controlPlane"]["message"]')
  echo "control plane: $STATE"
  case "$STATE" in Ready*) break ;; Failed*) exit 1 ;; esac
  sleep 1
done
echo "== ready after $(( $(date +%s) - START )) s; $MEMBER runs a notebook there"
USER_TOKEN=$(token "$MEMBER")
ID=$(api "$USER_TOKEN" POST /workloads "{\"kind\":\"notebook\",\"tenant\":\"$TENANT\",\"name\":\"lab\",
  \"image\":\"quay.io/jupyter/scipy-notebook:2026-11-02\",\"cpu\":\"1\",\"memory\":\"4Gi\",
  \"gpuProfile\":\"mig-1g.10gb\",\"gpuCount\":1,\"workspace\":\"10Gi\"}" | json 'd["id"]')
for _ in $(seq 1 60); do
  PHASE=$(api "$USER_TOKEN" GET "/workloads/$ID" | json 'd["phase"] + " - " + str(d["reason"])')
  echo "notebook $ID: $PHASE"
  case "$PHASE" in running*) break ;; esac
  sleep 1
done
echo "== $MEMBER downloads the kubeconfig and signs in with a token from $HTTPS_ISSUER"
FILE=$(mktemp)
api "$USER_TOKEN" GET "/tenants/$TENANT/kubeconfig" >"$FILE"
grep -E "server:|oidc-issuer-url|namespace:" "$FILE"
ID_TOKEN=$(curl -sf --cacert "$CA" "$HTTPS_ISSUER/protocol/openid-connect/token" -d grant_type=password \
  -d client_id=gpu-portal-api -d scope=openid -d "username=$MEMBER" -d password=demo | json 'd["id_token"]')
"$KUBECTL" --kubeconfig "$FILE" --token "$ID_TOKEN" auth whoami
"$KUBECTL" --kubeconfig "$FILE" --token "$ID_TOKEN" get namespaces
"$KUBECTL" --kubeconfig "$FILE" --token "$ID_TOKEN" get pods
rm -f "$FILE"
