#!/usr/bin/env bash
# Lateness of SLA timers of live leads (issue 6 target: p99 <= 100 ms late, never early).
#
#   usage: benchmarks/bench-timers.sh [rate] [seconds]      (default 200 leads/s for 120 s)
#
# In one JVM (-Xmx${HEAP:-2g}): the engine on a fresh PostgreSQL database with SLA time scale
# ${TIME_SCALE:-60} (the standard policy's steps fire 15/30/60 s after assignment), leads created
# in-process at a constant rate; every step's lateness (at - dueAt) read from the outbox afterwards.
# Report: benchmarks/target/bench/timers-<rate>x<seconds>${REPORT_SUFFIX}.txt.
# Environment: TIME_SCALE, HEAP, REPS_PER_REGION, REPORT_SUFFIX, PASSIVATE_AFTER (e.g. 5s: leads
# leave memory between steps, which then fire through the deadline scanner's read-ahead); BENCH_GC / JAVA_OPTS (e.g.
# BENCH_GC=-XX:+UseZGC, JAVA_OPTS=-Xlog:gc:file=gc.log: the lateness tail follows GC pauses); see
# bench-common.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"
rate=${1:-200}
seconds=${2:-120}
[[ $rate =~ ^[0-9]+$ && $rate -gt 0 && $seconds =~ ^[0-9]+$ && $seconds -gt 0 && $seconds -le 600 ]] \
  || { echo "usage: bench-timers.sh [rate>0] [seconds 1..600]" >&2; exit 2; }
bench_build
bench_db timers
bench_java "${HEAP:-2g}" 900 TimerLateness -Ddb="$BENCH_DB" -Drate="$rate" -Dseconds="$seconds" \
  -DtimeScale="${TIME_SCALE:-60}" -DrepsPerRegion="${REPS_PER_REGION:-10}" -DmaxMinutes=14 \
  -DpassivateAfter="${PASSIVATE_AFTER:-}" \
  -Dreport="$bench_out/timers-${rate}x${seconds}${REPORT_SUFFIX:-}.txt"
