#!/usr/bin/env bash
# Heap per resident open lead with pending SLA deadlines (issue 6 target: <= 4 GB for 1M leads).
#
#   usage: load-tests/bench-heap.sh [leads]        (default 200000)
#
# In one JVM (-Xmx${HEAP:-8g}): the engine on a fresh PostgreSQL database with passivation off,
# <leads> leads created in-process and assigned through the routing pools, used heap after full GCs
# at start, at 10 % and at the end. Report: load-tests/target/bench/heap-<leads>-reps<n>.txt (and
# .histogram: the whole class histogram at the end).
# Environment: HEAP, IN_FLIGHT (default 500), REPS_PER_REGION (default 10: reps per region; each
# lead keeps one routing candidate per rep of its region), see bench-common.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"
leads=${1:-200000}
[[ $leads =~ ^[0-9]+$ && $leads -gt 0 ]] || { echo "leads must be a positive integer" >&2; exit 2; }
bench_build
bench_db heap
bench_java "${HEAP:-8g}" 900 HeapPerLead -Ddb="$BENCH_DB" -Dleads="$leads" \
  -DinFlight="${IN_FLIGHT:-500}" -DrepsPerRegion="${REPS_PER_REGION:-10}" -DmaxMinutes=14 \
  -Dreport="$bench_out/heap-$leads-reps${REPS_PER_REGION:-10}.txt"
