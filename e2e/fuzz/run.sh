#!/usr/bin/env bash
# API fuzz test: schemathesis (PyPI, in a cached virtual environment) generates requests from the portal's OpenAPI
# document and sends them to a production-jar portal on the embedded defaults (demo login, in-memory H2, demo
# cluster) on a free port, as the demo platform admin. It fails when any answer is a 5xx, when an answer's content
# type is not the one the document names, or when an error (4xx) is not application/problem+json.
#   run.sh [MAX_EXAMPLES]   examples per operation (default 120); prints "N passed, N failed" as its last line.
# Needs the production jar (./mvnw -Pproduction package -DskipTests) and python3 with venv.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
MAX_EXAMPLES="${1:-120}"
SCHEMATHESIS_VERSION="4.32.5"
VENV="${GPU_PORTAL_CACHE:-$HOME/.cache/gpu-portal}/schemathesis-$SCHEMATHESIS_VERSION"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"

if [ ! -x "$VENV/bin/schemathesis" ]; then
  echo "fuzz: installing schemathesis $SCHEMATHESIS_VERSION into $VENV" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi

JAR="$(ls "$REPO"/target/gpu-portal-*.jar 2>/dev/null | grep -v original | head -1 || true)"
[ -n "$JAR" ] || { echo "fuzz: no production jar in target/: run ./mvnw -Pproduction package -DskipTests" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/gpu-portal-fuzz.XXXXXX")"
mkdir -p "$WORK/tenants"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
"$JAVA" -Xmx512m -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 \
  --spring.datasource.url="jdbc:h2:mem:fuzz;DB_CLOSE_DELAY=-1" --gpu-portal.data-dir="$WORK/data" \
  --gpu-portal.tenants-dir="$WORK/tenants" >"$WORK/portal.log" 2>&1 &
PORTAL=$!
stop() { kill "$PORTAL" 2>/dev/null || true; wait "$PORTAL" 2>/dev/null || true; }
trap stop EXIT

for _ in $(seq 1 120); do
  curl -fs "$BASE/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$PORTAL" 2>/dev/null || { tail -40 "$WORK/portal.log" >&2; echo "fuzz: the portal did not start" >&2; exit 1; }
  sleep 1
done
TOKEN="$(curl -fs -X POST -H 'Content-Type: application/json' -d '{"username":"admin","password":"demo"}' \
  "$BASE/api/v1/demo-tokens" | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')"

set +e
"$VENV/bin/schemathesis" run "$BASE/api/v1/openapi.yaml" --url "$BASE/api/v1" \
  -H "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error,content_type_conformance \
  --max-examples "$MAX_EXAMPLES" --seed 17 --workers 1 --request-timeout 20 --no-color \
  --report har --report-dir "$WORK/report" >"$WORK/schemathesis.log" 2>&1
STATUS=$?
set -e
tail -30 "$WORK/schemathesis.log"

# Counts every request schemathesis sent, from its HAR report; errors must be problem+json, nothing may be a 5xx.
python3 - "$WORK/report" "$STATUS" <<'PY'
import glob, json, sys
report, status = sys.argv[1], int(sys.argv[2])
entries = [e for f in glob.glob(report + "/har-*.json") for e in json.load(open(f))["log"]["entries"]]
server_errors = [e for e in entries if e["response"]["status"] >= 500]
def content_type(e):
    return next((h["value"] for h in e["response"]["headers"] if h["name"].lower() == "content-type"), "")
not_problems = [e for e in entries if 400 <= e["response"]["status"] < 500 and e["response"]["status"] != 406
                and "application/problem+json" not in content_type(e)]
for e in (server_errors + not_problems)[:20]:
    print("fuzz:", e["request"]["method"], e["request"]["url"], e["response"]["status"], content_type(e))
print(f"fuzz: {len(entries)} requests, {len(server_errors)} answered 5xx, "
      f"{len(not_problems)} errors not application/problem+json, schemathesis exit {status}")
failed = int(bool(server_errors)) + int(bool(not_problems)) + int(status != 0)
print(f"fuzz: {3 - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
