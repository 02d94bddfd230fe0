#!/usr/bin/env bash
# Starts Keycloak (the server distribution from Maven Central, cached) with the gpu-portal realm of this folder.
#   start.sh [PORT] [DIR]   PORT defaults to 8180; DIR (the instance's own copy) to a new temporary folder.
# With KEYCLOAK_HTTPS_PORT set, Keycloak also serves https on that port with a certificate made here
# (DIR/tls.crt, for localhost and 127.0.0.1): kube-apiserver accepts only an https OIDC issuer, so virtual
# clusters' single sign-on uses https://localhost:$KEYCLOAK_HTTPS_PORT/realms/gpu-portal (trust DIR/tls.crt).
# Waits until the realm's discovery document answers, then prints the issuer URI as the last line.
# Stop it with: stop.sh DIR
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"
PORT="${1:-8180}"
DIR="${2:-$(mktemp -d "${TMPDIR:-/tmp}/gpu-portal-keycloak.XXXXXX")}"
CACHE="${GPU_PORTAL_KEYCLOAK_CACHE:-$HOME/.cache/gpu-portal/keycloak}"
ZIP="$CACHE/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
REPO="$(cd "$HERE/../.." && pwd)"

if [ ! -s "$ZIP" ]; then
  echo "start.sh: fetching Keycloak $KEYCLOAK_VERSION from Maven Central into $CACHE ..." >&2
  mkdir -p "$CACHE"
  (cd "$REPO" && ./mvnw -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" -DoutputDirectory="$CACHE") >&2
fi
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
[ -s "$DIR/pid" ] && kill -0 "$(cat "$DIR/pid")" 2>/dev/null && { echo "start.sh: Keycloak already runs in $DIR" >&2; exit 1; }
KC="$DIR/keycloak-$KEYCLOAK_VERSION"
if [ ! -x "$KC/bin/kc.sh" ]; then
  unzip -q "$ZIP" -d "$DIR"
fi
mkdir -p "$KC/data/import"
cp "$HERE/realm-gpu-portal.json" "$KC/data/import/"

HTTPS_ARGS=()
if [ -n "${KEYCLOAK_HTTPS_PORT:-}" ]; then
  [ -s "$DIR/tls.crt" ] || openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$DIR/tls.key" -out "$DIR/tls.crt" >/dev/null 2>&1
  HTTPS_ARGS=(--https-port "$KEYCLOAK_HTTPS_PORT" --https-certificate-file "$DIR/tls.crt"
    --https-certificate-key-file "$DIR/tls.key")
fi
JAVA_HOME="${KEYCLOAK_JAVA_HOME:-${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}}" \
KC_BOOTSTRAP_ADMIN_USERNAME=kcadmin KC_BOOTSTRAP_ADMIN_PASSWORD=kcadmin \
  setsid "$KC/bin/kc.sh" start-dev --http-port "$PORT" "${HTTPS_ARGS[@]}" --import-realm --health-enabled=false \
    >"$DIR/keycloak.log" 2>&1 &
echo $! >"$DIR/pid"
echo "$PORT" >"$DIR/port"

ISSUER="http://localhost:$PORT/realms/gpu-portal"
START=$(date +%s)
until curl -sf "$ISSUER/.well-known/openid-configuration" >/dev/null; do
  if ! kill -0 "$(cat "$DIR/pid")" 2>/dev/null; then
    echo "start.sh: Keycloak exited; see $DIR/keycloak.log" >&2; tail -20 "$DIR/keycloak.log" >&2; exit 1
  fi
  # a machine shared by several builds can take minutes; KEYCLOAK_START_TIMEOUT (s) says how long to wait
  [ $(( $(date +%s) - START )) -lt "${KEYCLOAK_START_TIMEOUT:-360}" ] || { echo "start.sh: Keycloak not ready after ${KEYCLOAK_START_TIMEOUT:-360} s" >&2; bash "$HERE/stop.sh" "$DIR"; exit 1; }
  sleep 1
done
echo "start.sh: Keycloak ready in $(( $(date +%s) - START )) s on port $PORT (folder $DIR)" >&2
echo "$ISSUER"
