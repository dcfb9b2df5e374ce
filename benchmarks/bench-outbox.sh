#!/usr/bin/env bash
# Outbox delivery throughput to a local webhook receiver (issue 6 target: >= 1,000 deliveries/s).
#
#   usage: benchmarks/bench-outbox.sh [rows] [max-in-flight ...]     (default 50000, 64 and 256)
#
# One JVM (-Xmx${HEAP:-2g}) and one fresh PostgreSQL database per max-in-flight value: <rows>
# PENDING webhook rows, OutboxDispatcher with the real WebhookChannel posting to a JDK HttpServer on
# 127.0.0.1 (${RECEIVER_THREADS:-4} threads, answers 200), rows SENT per second.
# Report: benchmarks/target/bench/outbox-<rows>-<max-in-flight>${REPORT_SUFFIX}.txt.
# Environment: EXTRA_SQL (one statement run after the migrations, e.g. an index to try), HEAP,
# RECEIVER_THREADS, REPORT_SUFFIX; see bench-common.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"
rows=${1:-50000}
shift || true
inflight=("$@")
[[ ${#inflight[@]} -gt 0 ]] || inflight=(64 256)
[[ $rows =~ ^[0-9]+$ && $rows -gt 0 && $rows -le 1000000 ]] || { echo "rows must be 1..1000000" >&2; exit 2; }
bench_build
for n in "${inflight[@]}"; do
  [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || { echo "max-in-flight must be a positive integer, got '$n'" >&2; exit 2; }
  bench_db "outbox$n"
  bench_java "${HEAP:-2g}" 600 OutboxThroughput -Ddb="$BENCH_DB" -Drows="$rows" -DmaxInFlight="$n" \
    -DreceiverThreads="${RECEIVER_THREADS:-4}" -DextraSql="${EXTRA_SQL:-}" -DmaxMinutes=9 -Dreport="$bench_out/outbox-$rows-$n${REPORT_SUFFIX:-}.txt"
done
