#!/usr/bin/env bash
# Overdue SLA deadlines after a restart (issue 6 target: 100k overdue deadlines handled within 60 s).
#
#   usage: load-tests/bench-restart.sh [leads]      (default 100000)
#
# Two JVMs (-Xmx${HEAP:-4g}) on one fresh PostgreSQL database: the first creates <leads> assigned
# leads with SLA time scale ${TIME_SCALE:-3.75} (reminder due 4 min after assignment) and stops the
# engine before any reminder is due; the second waits until every reminder is overdue, starts the
# engine and measures until every lead's REMINDER row is in the outbox.
# Report: load-tests/target/bench/restart-<leads>.txt.
# Environment: SCAN_BATCH / SCAN_INTERVAL / SCAN_IN_FLIGHT (deadline scanner batch-size /
# poll-interval / max-in-flight on restart;
# note: 2000 overloaded the journal on 2 cores, see docs/benchmarks.md), TIME_SCALE (lower it if
# creating the leads takes longer than the reminder delay: the first phase then stops with an
# error), HEAP, IN_FLIGHT, REPS_PER_REGION; see bench-common.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"
leads=${1:-100000}
[[ $leads =~ ^[0-9]+$ && $leads -gt 0 ]] || { echo "leads must be a positive integer" >&2; exit 2; }
bench_build
bench_db restart
common=(-Ddb="$BENCH_DB" -DtimeScale="${TIME_SCALE:-3.75}" -DrepsPerRegion="${REPS_PER_REGION:-10}" -DmaxMinutes=14)
bench_java "${HEAP:-4g}" 870 RestartWake -Dphase=create -Dleads="$leads" -DinFlight="${IN_FLIGHT:-500}" "${common[@]}"
bench_java "${HEAP:-4g}" 870 RestartWake -Dphase=restart -DscanBatch="${SCAN_BATCH:-}" \
  -DscanInterval="${SCAN_INTERVAL:-}" -DscanInFlight="${SCAN_IN_FLIGHT:-}" \
  -Dreport="$bench_out/restart-$leads${SCAN_BATCH:+-batch$SCAN_BATCH}${SCAN_IN_FLIGHT:+-inflight$SCAN_IN_FLIGHT}.txt" "${common[@]}"
