#!/usr/bin/env bash
# Checks the container image the way a container runtime would use it, without a Docker daemon: reads the OCI
# tarball Jib built (target/gpu-portal-image.tar by default), checks its configuration (numeric non-root user, the
# container JVM flags, the ports), unpacks its layers into a root file system and runs its entrypoint there, chrooted,
# as the image's user, with the embedded defaults; then asks the readiness probe and a page the production bundle
# serves. Needs root (chroot, mount) or unprivileged user namespaces (unshare -r).
#   bash deploy/image/check-image.sh [image.tar]
set -euo pipefail
cd "$(dirname "$0")/../.."
TAR="${1:-target/gpu-portal-image.tar}"
[ -s "$TAR" ] || { echo "check-image.sh: no image tarball at $TAR (./mvnw -Pimage package -DskipTests)" >&2; exit 1; }

WORK="$(mktemp -d)"
PID_FILE="$WORK/pid"
DATABASE="jdbc:h2:mem:image-check-$$"
cleanup() {
  # the portal by its own command line: it changed user inside the namespaces, so it outlives a signal to unshare
  pkill -f -- "--spring.datasource.url=$DATABASE" 2>/dev/null || true
  if [ -s "$PID_FILE" ]; then kill "$(cat "$PID_FILE")" 2>/dev/null || true; sleep 1; fi
  rm -rf "$WORK" 2>/dev/null || true
}
trap cleanup EXIT

mkdir -p "$WORK/oci" "$WORK/rootfs"
tar xf "$TAR" -C "$WORK/oci"

# Configuration and layers, as the OCI image layout names them; the entrypoint is written to a file, one word a line.
python3 - "$WORK/oci" "$WORK/rootfs" "$WORK/entrypoint" "$WORK/user" <<'PY'
import json, sys, tarfile
oci, rootfs, entrypoint_file, user_file = sys.argv[1:5]
def blob(digest):
    return f"{oci}/blobs/{digest.replace(':', '/')}"
index = json.load(open(f"{oci}/index.json"))
manifest = json.load(open(blob(index["manifests"][0]["digest"])))
config = json.load(open(blob(manifest["config"]["digest"])))["config"]
problems = []
user = config.get("User", "")
if not user.split(":")[0].isdigit() or user.split(":")[0] == "0":
    problems.append(f"user is {user!r}, not a numeric non-root user (Kubernetes checks runAsNonRoot by number)")
entrypoint = config.get("Entrypoint") or []
for flag in ("-XX:+UseG1GC", "-XX:MaxRAMPercentage=50", "-XX:MaxHeapFreeRatio=20", "-XX:+UseStringDeduplication",
             "-XX:TrimNativeHeapInterval=60000", "-XX:+ExitOnOutOfMemoryError"):
    if flag not in entrypoint:
        problems.append(f"entrypoint lacks {flag}: {entrypoint}")
if "MALLOC_ARENA_MAX=2" not in (config.get("Env") or []):
    problems.append(f"environment lacks MALLOC_ARENA_MAX=2: {config.get('Env')}")
for port in ("8080/tcp",):
    if port not in config.get("ExposedPorts", {}):
        problems.append(f"port {port} not exposed")
if problems:
    sys.exit("check-image.sh: " + "; ".join(problems))
for layer in manifest["layers"]:
    with tarfile.open(blob(layer["digest"])) as t:
        for member in t.getmembers():
            if member.name.startswith("/") or ".." in member.name.split("/"):
                sys.exit(f"check-image.sh: layer entry outside the root: {member.name}")
        # as a container runtime does: modes kept as they are (/tmp's sticky, world-writable bits too)
        t.extractall(rootfs, filter="fully_trusted")
open(entrypoint_file, "w").write("\n".join(entrypoint) + "\n")
open(user_file, "w").write(user)
print(f"image: user {user}, {len(manifest['layers'])} layers, entrypoint {' '.join(entrypoint)}")
PY

ROOTFS="$WORK/rootfs"
USER_ID="$(cat "$WORK/user")"

# The production bundle is in the application jar, not served from a development server.
APP_JAR="$(find "$ROOTFS/app" -name 'gpu-portal*.jar' | head -1)"
[ -n "$APP_JAR" ] || { echo "check-image.sh: no application jar under /app" >&2; exit 1; }
if ! unzip -p "$APP_JAR" META-INF/VAADIN/config/flow-build-info.json | grep -q '"productionMode" *: *true'; then
  echo "check-image.sh: the jar in the image is not a production build" >&2; exit 1
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT="$(free_port)"; MANAGEMENT_PORT="$(free_port)"
mapfile -t ENTRYPOINT <"$WORK/entrypoint"
mkdir -p "$ROOTFS/proc" "$ROOTFS/dev"
# A process, mount and (where not root) user namespace of its own: /proc for the JVM's container detection,
# /dev/null and /dev/urandom for the JDK, then the entrypoint as the image's user.
if [ "$(id -u)" = 0 ]; then NS=(unshare --mount --pid --fork); else NS=(unshare --map-root-user --mount --pid --fork); fi
if ! "${NS[@]}" true 2>/dev/null; then
  echo "check-image.sh: NOT RUN: this machine allows no mount namespaces (neither root nor user namespaces);" \
    "only the image's configuration and its production jar were checked" >&2
  exit 0
fi
"${NS[@]}" bash -c '
  set -e
  root="$1"; shift; user="$1"; shift
  mount -t proc proc "$root/proc"
  for d in null zero random urandom; do touch "$root/dev/$d"; mount --bind "/dev/$d" "$root/dev/$d"; done
  exec env -i PATH=/opt/java/openjdk/bin:/usr/bin LANG=C.UTF-8 VAADIN_USAGE_STATS_ENABLED=false MALLOC_ARENA_MAX=2 HOME=/home/portal \
    "$(command -v chroot)" --userspec="$user" "$root" "$@"
' check-image "$ROOTFS" "$USER_ID" "${ENTRYPOINT[@]}" \
  --server.port="$PORT" --management.server.port="$MANAGEMENT_PORT" \
  --spring.datasource.url="$DATABASE" >"$WORK/portal.log" 2>&1 &
echo $! >"$PID_FILE"

deadline=$((SECONDS + ${IMAGE_START_TIMEOUT:-240}))
until curl -fsS "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health/readiness" >/dev/null 2>&1; do
  if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
    echo "check-image.sh: the image's portal did not become ready; its log:" >&2
    tail -40 "$WORK/portal.log" >&2
    exit 1
  fi
  sleep 2
done
page="$(curl -fsS "http://127.0.0.1:$PORT/login")"
grep -q 'VAADIN/build/' <<<"$page" || { echo "check-image.sh: /login does not load the production bundle" >&2; exit 1; }
runs_as="$(awk '/^Uid:/ {print $2}' "/proc/$(pgrep -n -f -- "--spring.datasource.url=$DATABASE")/status" 2>/dev/null || true)"
echo "image: ready in $SECONDS s as uid ${runs_as:-?}; /login serves the production bundle"
