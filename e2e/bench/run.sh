#!/usr/bin/env bash
# The fleet-scale benchmark (FleetScaleBenchmarkIT, Maven profile "benchmarks"): a simulated cluster with a generated
# fleet of KWOK GPU nodes, tenants placed in regions, training jobs through the REST API and the same objects through
# the raw API. Prints its figures and writes them to target/fleet-benchmark.txt.
#   bash e2e/bench/run.sh [NODES] [WORKLOADS] [TENANTS]     (defaults 1000 1000 10)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
NODES="${1:-1000}" WORKLOADS="${2:-1000}" TENANTS="${3:-10}"
cd "$HERE/../.."
# a volume for every claim of both paths (KWOK has no provisioner; up.sh pre-makes them)
export GPU_PORTAL_SIMULATED_VOLUMES=$((2 * WORKLOADS + 100))
./mvnw -B verify -Pbenchmarks -Dit.test=FleetScaleBenchmarkIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Djacoco.skip=true -Dbenchmark.nodes="$NODES" -Dbenchmark.workloads="$WORKLOADS" -Dbenchmark.tenants="$TENANTS"
cat target/fleet-benchmark.txt
