#!/usr/bin/env bash
# Heap per open lead with pending SLA deadlines (issue 6 target: <= 4 GB for 1M leads).
#
#   usage: benchmarks/bench-heap.sh [leads]        (default 200000)
#
# In one JVM (-Xmx${HEAP:-8g}): the engine on a fresh PostgreSQL database with passivation off
# (or, with PASSIVATE_AFTER=30s, leads passivating when idle as in production, measured once they did),
# <leads> leads created in-process and assigned through the routing pools, used heap after full GCs
# at start, at 10 % and at the end. Report: benchmarks/target/bench/heap-<leads>-reps<n>.txt (and
# .histogram: the whole class histogram at the end).
# Environment: HEAP, IN_FLIGHT (default 500), PASSIVATE_AFTER, MAX_MINUTES (default 14), REPS_PER_REGION (default 10: reps per region; each
# lead keeps one routing candidate per rep of its region), see bench-common.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"
leads=${1:-200000}
[[ $leads =~ ^[0-9]+$ && $leads -gt 0 ]] || { echo "leads must be a positive integer" >&2; exit 2; }
bench_build
bench_db heap
max_minutes=${MAX_MINUTES:-14}
mode=${PASSIVATE_AFTER:+-passivate$PASSIVATE_AFTER}
bench_java "${HEAP:-8g}" $((max_minutes * 60 + 60)) HeapPerLead -Ddb="$BENCH_DB" -Dleads="$leads" \
  -DinFlight="${IN_FLIGHT:-500}" -DrepsPerRegion="${REPS_PER_REGION:-10}" -DmaxMinutes="$max_minutes" \
  -DpassivateAfter="${PASSIVATE_AFTER:-}" -Dreport="$bench_out/heap-$leads-reps${REPS_PER_REGION:-10}$mode.txt"
