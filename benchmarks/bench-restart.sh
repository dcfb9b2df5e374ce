#!/usr/bin/env bash
# Overdue SLA deadlines after a restart (issue 6 target: 100k overdue deadlines handled within 60 s).
#
#   usage: benchmarks/bench-restart.sh [leads]      (default 100000)
#
# Two JVMs (-Xmx${HEAP:-4g}) on one fresh PostgreSQL database: the first creates <leads> assigned
# leads with SLA time scale ${TIME_SCALE:-3.75} (reminder due 4 min after assignment), waits until the
# reps hold every lead and stops the engine before any reminder is due; the second waits until every
# reminder is overdue, starts the engine and measures until every lead's reminder has fired and been
# projected (no reminder row left in deadline_index).
# Report: benchmarks/target/bench/restart-<leads>.txt.
#
# Repeating the restart on the same leads (to compare settings or builds):
#   PHASE=create KEEP_DB=1 TIME_SCALE=0.5 benchmarks/bench-restart.sh 100000   # prints the kept database
#   FROM_DB=<that database> benchmarks/bench-restart.sh 100000                  # any number of times
# Each FROM_DB run restarts a copy (dropped afterwards) with the engine's clock set to 2 s after the
# last reminder was due, so the kept database serves until its first escalation would be due (with
# TIME_SCALE=0.5: reminders 30 min and escalations 60 min after assignment).
#
# Environment: SCAN_BATCH / SCAN_INTERVAL / SCAN_IN_FLIGHT (deadline scanner batch-size /
# poll-interval / max-in-flight on restart;
# note: 2000 overloaded the journal on 2 cores, see docs/benchmarks.md), TIME_SCALE (lower it if
# creating the leads takes longer than the reminder delay: the first phase then stops with an
# error), HEAP, IN_FLIGHT, REPS_PER_REGION, PHASE (create|restart|both, default both), FROM_DB;
# see bench-common.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"
leads=${1:-100000}
[[ $leads =~ ^[0-9]+$ && $leads -gt 0 ]] || { echo "leads must be a positive integer" >&2; exit 2; }
phase=${PHASE:-both}
[[ $phase =~ ^(create|restart|both)$ ]] || { echo "PHASE must be create, restart or both" >&2; exit 2; }
bench_build
shift_clock=false
bench_db restart
if [[ -n ${FROM_DB:-} ]]; then
  [[ $phase != create ]] || { echo "FROM_DB restarts a kept database: PHASE=create makes no sense with it" >&2; exit 2; }
  # FILE_COPY: a plain copy of the files (the default strategy writes the whole database to the WAL).
  dropdb "$BENCH_DB" && createdb -S FILE_COPY -T "$FROM_DB" "$BENCH_DB"
  echo "database $BENCH_DB copied from $FROM_DB" >&2
  phase=restart
  shift_clock=true
fi
common=(-Ddb="$BENCH_DB" -DtimeScale="${TIME_SCALE:-3.75}" -DrepsPerRegion="${REPS_PER_REGION:-10}" -DmaxMinutes=14)
if [[ $phase != restart ]]; then
  bench_java "${HEAP:-4g}" 870 RestartWake -Dphase=create -Dleads="$leads" -DinFlight="${IN_FLIGHT:-500}" "${common[@]}"
fi
if [[ $phase != create ]]; then
  bench_java "${HEAP:-4g}" 870 RestartWake -Dphase=restart -DshiftClock="$shift_clock" -DscanBatch="${SCAN_BATCH:-}" \
    -DscanInterval="${SCAN_INTERVAL:-}" -DscanInFlight="${SCAN_IN_FLIGHT:-}" \
    -Dreport="$bench_out/restart-$leads${SCAN_BATCH:+-batch$SCAN_BATCH}${SCAN_IN_FLIGHT:+-inflight$SCAN_IN_FLIGHT}${FROM_DB:+-from-db}.txt" "${common[@]}"
fi
