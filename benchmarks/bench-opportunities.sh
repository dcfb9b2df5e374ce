#!/usr/bin/env bash
# Open opportunities with pending idle downgrades (issue 16: 100k on one node): heap per opportunity,
# and the catch-up of overdue downgrades after a restart.
#
#   usage: benchmarks/bench-opportunities.sh heap [opportunities]      (default 100000)
#          benchmarks/bench-opportunities.sh restart [opportunities]   (default 100000)
#
# heap: one JVM (-Xmx${HEAP:-4g}), the engine on a fresh PostgreSQL database with passivation off (or,
# with PASSIVATE_AFTER=30s, opportunities passivating when idle as in production, measured once they
# did); <opportunities> opened in-process and moved to solution_demo (open, a valid solution_demo
# action with a recording, the move: HeapPerOpportunity, OpportunityDriver); used heap after full GCs
# at start, at 10 % and at the end; engine and PostgreSQL CPU per opportunity.
# Report: benchmarks/target/bench/opportunity-heap-<n>[-passivate<d>].txt (+ .histogram).
#
# restart: phase create (one JVM) brings <opportunities> into solution_demo with time scale
# ${TIME_SCALE:-96} (idle downgrade 48 h / 96 = 30 min after the move) and stops the engine before
# any is due; phase restart (another JVM) starts the engine with its clock 2 s after the last
# downgrade was due and measures until every opportunity was downgraded and projected (no idle row
# left in deadline_index), with engine and PostgreSQL CPU per downgrade. The created database is kept
# and each restart runs on a copy of it, RUNS times (default 3): PHASE=create|restart|both (default
# both), FROM_DB=<kept database> restarts an earlier creation; KEEP_DB=1 keeps it afterwards.
# Report: benchmarks/target/bench/opportunity-restart-<n>-<run>.txt.
#
# Environment: HEAP, IN_FLIGHT (default 200: opportunities between their first ask and last answer),
# PASSIVATE_AFTER, MAX_MINUTES (default 14), REPS_PER_REGION (default 10), TIME_SCALE, RUNS,
# SCAN_BATCH / SCAN_IN_FLIGHT (deadline scanner on restart); see bench-common.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"
what=${1:-}
n=${2:-100000}
[[ $what =~ ^(heap|restart)$ ]] || { echo "usage: $0 heap|restart [opportunities]" >&2; exit 2; }
[[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || { echo "opportunities must be a positive integer" >&2; exit 2; }
bench_build
max_minutes=${MAX_MINUTES:-14}
echo "load average: $(cat /proc/loadavg); commit $(git -C "$bench_root" rev-parse --short HEAD)"

if [[ $what == heap ]]; then
  bench_db oppheap
  mode=${PASSIVATE_AFTER:+-passivate$PASSIVATE_AFTER}
  bench_java "${HEAP:-4g}" $((max_minutes * 60 + 60)) HeapPerOpportunity -Ddb="$BENCH_DB" -Dopportunities="$n" \
    -DinFlight="${IN_FLIGHT:-200}" -DrepsPerRegion="${REPS_PER_REGION:-10}" -DmaxMinutes="$max_minutes" \
    -DpassivateAfter="${PASSIVATE_AFTER:-}" -Dreport="$bench_out/opportunity-heap-$n$mode.txt"
  exit
fi

phase=${PHASE:-both}
[[ $phase =~ ^(create|restart|both)$ ]] || { echo "PHASE must be create, restart or both" >&2; exit 2; }
common=(-DtimeScale="${TIME_SCALE:-96}" -DrepsPerRegion="${REPS_PER_REGION:-10}" -DmaxMinutes="$max_minutes")
source_db=${FROM_DB:-}
if [[ $phase != restart ]]; then
  [[ -z $source_db ]] || { echo "FROM_DB restarts a kept database: use PHASE=restart" >&2; exit 2; }
  bench_db oppcreate
  source_db=$BENCH_DB
  bench_java "${HEAP:-4g}" $((max_minutes * 60 + 60)) OpportunityRestart -Dphase=create -Ddb="$BENCH_DB" \
    -Dopportunities="$n" -DinFlight="${IN_FLIGHT:-200}" "${common[@]}"
fi
if [[ $phase != create ]]; then
  [[ -n $source_db ]] || { echo "PHASE=restart needs FROM_DB" >&2; exit 2; }
  for run in $(seq 1 "${RUNS:-3}"); do
    bench_db opprestart
    # FILE_COPY: a plain copy of the files (the default strategy writes the whole database to the WAL).
    dropdb "$BENCH_DB" && createdb -S FILE_COPY -T "$source_db" "$BENCH_DB"
    echo "restart run $run: database $BENCH_DB copied from $source_db; load average $(cat /proc/loadavg)" >&2
    bench_java "${HEAP:-4g}" $((max_minutes * 60 + 60)) OpportunityRestart -Dphase=restart -Ddb="$BENCH_DB" \
      -DscanBatch="${SCAN_BATCH:-}" -DscanInFlight="${SCAN_IN_FLIGHT:-}" \
      -Dreport="$bench_out/opportunity-restart-$n-$run${SCAN_BATCH:+-batch$SCAN_BATCH}${SCAN_IN_FLIGHT:+-inflight$SCAN_IN_FLIGHT}.txt" \
      "${common[@]}"
  done
fi
