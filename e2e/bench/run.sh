#!/usr/bin/env bash
# The fleet-scale benchmark (FleetScaleBenchmarkIT, Maven profile "benchmarks"): a simulated cluster with a generated
# fleet of KWOK GPU nodes, tenants placed in regions, training jobs through the REST API and the same objects through
# the raw API. Prints its figures and writes them to target/fleet-benchmark.txt.
#   bash e2e/bench/run.sh [NODES] [WORKLOADS] [TENANTS] [BURST] [PROVISIONED]     (defaults 1000 1000 10 1000 0)
# WORKLOADS is what the portal holds in the end; the last BURST of them (at most WORKLOADS) are submitted side by side
# with the same objects through the raw API, the others first as the standing load. PROVISIONED tenants are created at
# first, after the fleet. The JVMs (Maven, and the portal with the harness) run with BENCH_HEAP and MALLOC_ARENA_MAX,
# by default the container image's memory settings (README, "Container image") with the heap the image gets from the
# chart's 1536Mi limit, so RSS says what the portal needs in its container rather than the default heap sizing.
# The portal runs with its production frontend bundle, as the image runs it (BENCH_MODE=development: Vaadin's
# development mode, which keeps the class metadata of its classpath scan, ~40 MiB more heap).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
NODES="${1:-1000}" WORKLOADS="${2:-1000}" TENANTS="${3:-10}" BURST="${4:-${2:-1000}}" PROVISIONED="${5:-0}"
BURST=$((BURST < WORKLOADS ? BURST : WORKLOADS))
cd "$HERE/../.."
# a volume for every claim of both paths (KWOK has no provisioner; up.sh pre-makes them)
export GPU_PORTAL_SIMULATED_VOLUMES=$((WORKLOADS + BURST + 100))
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
BENCH_HEAP="${BENCH_HEAP:--Xmx768m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:G1PeriodicGCInterval=60000 -XX:+UseStringDeduplication -XX:TrimNativeHeapInterval=60000}"
# BENCH_NMT=1: native memory tracking, so the memory phase says what of the RSS is not the heap
[ -n "${BENCH_NMT:-}" ] && BENCH_HEAP="$BENCH_HEAP -XX:NativeMemoryTracking=summary"
PROFILES=benchmarks
[ "${BENCH_MODE:-production}" = production ] && PROFILES=production,benchmarks
JAVA_TOOL_OPTIONS="$BENCH_HEAP" ./mvnw -B verify -P"$PROFILES" -Dit.test=FleetScaleBenchmarkIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Djacoco.skip=true -Dbenchmark.nodes="$NODES" -Dbenchmark.workloads="$WORKLOADS" \
  -Dbenchmark.tenants="$TENANTS" -Dbenchmark.burst="$BURST" -Dbenchmark.provisioned="$PROVISIONED"
cat target/fleet-benchmark.txt
