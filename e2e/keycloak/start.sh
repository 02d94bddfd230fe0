#!/usr/bin/env bash
# Starts Keycloak (the server distribution from Maven Central) with the gpu-portal realm of this folder.
#   start.sh [PORT] [DIR]   PORT defaults to 8180; DIR (the instance's own copy) to a new temporary folder.
# With KEYCLOAK_HTTPS_PORT set, Keycloak also serves https on that port with a certificate made here
# (DIR/tls.crt, for localhost and 127.0.0.1): kube-apiserver accepts only an https OIDC issuer, so virtual
# clusters' single sign-on uses https://localhost:$KEYCLOAK_HTTPS_PORT/realms/gpu-portal (trust DIR/tls.crt).
# Waits until the realm's discovery document answers (at most KEYCLOAK_START_TIMEOUT seconds, default 300: a busy
# machine is slow), then prints the issuer URI as the last line. A failed start stops what it started.
# Stop it with: stop.sh DIR
#
# Cached under ~/.cache/gpu-portal/keycloak (GPU_PORTAL_KEYCLOAK_CACHE), once per version and build options:
# the distribution's zip, the built server (`kc.sh build`, a minute of Quarkus augmentation) and, per realm file,
# a database with the realm and the admin API's bootstrap admin (kcadmin) imported (`kc.sh import`). An instance is
# a hard-linked copy of the built server with a copy of that database, started with `start --optimized`: no build
# and no import at start.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"
PORT="${1:-8180}"
DIR="${2:-$(mktemp -d "${TMPDIR:-/tmp}/gpu-portal-keycloak.XXXXXX")}"
CACHE="${GPU_PORTAL_KEYCLOAK_CACHE:-$HOME/.cache/gpu-portal/keycloak}"
ZIP="$CACHE/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
REPO="$(cd "$HERE/../.." && pwd)"
TIMEOUT="${KEYCLOAK_START_TIMEOUT:-300}"
export JAVA_HOME="${KEYCLOAK_JAVA_HOME:-${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}}"

# Build-time options (a change means another build) and the run-time options of every start.
BUILD_OPTIONS=(--db=dev-file --health-enabled=false)
RUN_OPTIONS=(--optimized --cache=local --http-enabled=true --hostname-strict=false)
BUILD_KEY="$(printf '%s\n' "$KEYCLOAK_VERSION" "${BUILD_OPTIONS[@]}" | sha256sum | cut -c1-12)"
BUILT="$CACHE/built-$KEYCLOAK_VERSION-$BUILD_KEY"
REALM_KEY="$(sha256sum "$HERE/realm-gpu-portal.json" | cut -c1-12)"
SEEDED="$BUILT/data-$REALM_KEY"

mkdir -p "$CACHE"
# One builder at a time: a second start waits for the first one's build instead of doing it again.
exec 9>"$CACHE/.lock"
flock 9
if [ ! -s "$ZIP" ]; then
  echo "start.sh: fetching Keycloak $KEYCLOAK_VERSION from Maven Central into $CACHE ..." >&2
  (cd "$REPO" && ./mvnw -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" -DoutputDirectory="$CACHE") >&2
fi
if [ ! -x "$BUILT/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" ]; then
  echo "start.sh: building Keycloak $KEYCLOAK_VERSION once (${BUILD_OPTIONS[*]}) into $BUILT ..." >&2
  STAGE="$(mktemp -d "$CACHE/.build.XXXXXX")"
  unzip -q "$ZIP" -d "$STAGE"
  "$STAGE/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" build "${BUILD_OPTIONS[@]}" >"$STAGE/build.log" 2>&1 \
    || { echo "start.sh: kc.sh build failed:" >&2; tail -20 "$STAGE/build.log" >&2; rm -rf "$STAGE"; exit 1; }
  rm -rf "$BUILT"
  mv "$STAGE" "$BUILT"
fi
if [ ! -d "$SEEDED" ]; then
  echo "start.sh: importing the realm into a cached database ($SEEDED) ..." >&2
  STAGE="$(mktemp -d "$CACHE/.seed.XXXXXX")"
  cp -al "$BUILT/keycloak-$KEYCLOAK_VERSION" "$STAGE/"
  # The import creates the master realm too, and with it the bootstrap admin of the admin API (kcadmin).
  KC_BOOTSTRAP_ADMIN_USERNAME=kcadmin KC_BOOTSTRAP_ADMIN_PASSWORD=kcadmin \
    "$STAGE/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" import --optimized --cache=local \
    --file "$HERE/realm-gpu-portal.json" >"$STAGE/import.log" 2>&1 \
    || { echo "start.sh: kc.sh import failed:" >&2; tail -20 "$STAGE/import.log" >&2; rm -rf "$STAGE"; exit 1; }
  mv "$STAGE/keycloak-$KEYCLOAK_VERSION/data" "$SEEDED"
  rm -rf "$STAGE"
fi
flock -u 9

mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
[ -s "$DIR/pid" ] && kill -0 "$(cat "$DIR/pid")" 2>/dev/null && { echo "start.sh: Keycloak already runs in $DIR" >&2; exit 1; }
KC="$DIR/keycloak-$KEYCLOAK_VERSION"
# A folder this build started before keeps its server and data (a restart); any other copy is replaced.
if [ ! -e "$DIR/.built-$BUILD_KEY" ]; then
  rm -rf "$KC"
  # Hard links: the built server is only read at run time. Another file system: a plain copy.
  cp -al "$BUILT/keycloak-$KEYCLOAK_VERSION" "$DIR/" 2>/dev/null || cp -a "$BUILT/keycloak-$KEYCLOAK_VERSION" "$DIR/"
  cp -a "$SEEDED" "$KC/data"
  touch "$DIR/.built-$BUILD_KEY"
fi

HTTPS_ARGS=()
if [ -n "${KEYCLOAK_HTTPS_PORT:-}" ]; then
  [ -s "$DIR/tls.crt" ] || openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$DIR/tls.key" -out "$DIR/tls.crt" >/dev/null 2>&1
  HTTPS_ARGS=(--https-port "$KEYCLOAK_HTTPS_PORT" --https-certificate-file "$DIR/tls.crt"
    --https-certificate-key-file "$DIR/tls.key")
fi
setsid "$KC/bin/kc.sh" start "${RUN_OPTIONS[@]}" --http-port "$PORT" "${HTTPS_ARGS[@]}" \
    >"$DIR/keycloak.log" 2>&1 &
echo $! >"$DIR/pid"
echo "$PORT" >"$DIR/port"

ISSUER="http://localhost:$PORT/realms/gpu-portal"
START=$(date +%s)
until curl -sf -m 5 "$ISSUER/.well-known/openid-configuration" >/dev/null; do
  if ! kill -0 "$(cat "$DIR/pid")" 2>/dev/null; then
    echo "start.sh: Keycloak exited; see $DIR/keycloak.log" >&2; tail -20 "$DIR/keycloak.log" >&2
    KEEP=1 bash "$HERE/stop.sh" "$DIR"; exit 1
  fi
  if [ $(( $(date +%s) - START )) -ge "$TIMEOUT" ]; then
    echo "start.sh: Keycloak not ready after $TIMEOUT s; stopped it (log: $DIR/keycloak.log)" >&2
    tail -20 "$DIR/keycloak.log" >&2
    KEEP=1 bash "$HERE/stop.sh" "$DIR"; exit 1
  fi
  sleep 1
done
echo "start.sh: Keycloak ready in $(( $(date +%s) - START )) s on port $PORT (folder $DIR)" >&2
echo "$ISSUER"
