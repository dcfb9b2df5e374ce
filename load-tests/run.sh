#!/usr/bin/env bash
# Open-model intake load test of a running leadrouter engine (Gatling, IntakeSimulation).
#
#   usage: load-tests/run.sh <rate> <durationSeconds>
#
#   rate             new leads per second at plateau (after a linear ramp, see RAMP_SECONDS)
#   durationSeconds  plateau length in seconds
#
# Environment:
#   LEADROUTER_TOKEN  bearer token (required; read by the simulation from the environment, so it
#                     never appears on a command line)
#   LEADROUTER_URL    engine base URL (default http://127.0.0.1:8080); must be 127.0.0.1/localhost
#   RAMP_SECONDS      ramp before the plateau (default 10)
#   DUPLICATE_SHARE   share of posts that repeat an earlier person from another source, which
#                     dedup must merge (default 0; e.g. 0.2)
#   MEASURE_SHARE     share of new leads polled for intake->assigned (default 0.1; 1 = every lead)
#   CONNECTION_PER_USER  true: each virtual user opens its own connection; default false: the users
#                     share a pool of keep-alive connections, as a platform posting webhooks does
#   P99_MS            assertion bound on p99 of "post lead" in ms (default 500)
#   MVN_ARGS          extra Maven arguments, e.g. "-o" to build offline
#
# Exit status is Maven's: non-zero when a Gatling assertion (failed requests >= 1%, p99 of
# "post lead" >= P99_MS) or the run itself failed.
set -euo pipefail

usage() { sed -n '3,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

[[ $# -eq 2 ]] || usage
rate=$1
duration=$2
[[ $rate =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "rate must be a positive number, got '$rate'" >&2; exit 2; }
[[ $duration =~ ^[0-9]+$ && $duration -gt 0 ]] || { echo "durationSeconds must be a positive integer, got '$duration'" >&2; exit 2; }

url=${LEADROUTER_URL:-http://127.0.0.1:8080}
case "$url" in
  http://127.0.0.1|http://127.0.0.1[:/]*|http://localhost|http://localhost[:/]*|https://127.0.0.1|https://127.0.0.1[:/]*|https://localhost|https://localhost[:/]*) ;;
  *) echo "refusing to run: LEADROUTER_URL must point at 127.0.0.1 or localhost, got '$url'" >&2; exit 2 ;;
esac
if [[ -z ${LEADROUTER_TOKEN:-} ]]; then
  echo "LEADROUTER_TOKEN is not set (bearer token for $url)" >&2
  exit 2
fi
export LEADROUTER_TOKEN

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
target="$here/target"
summary="$target/intake-to-assigned.txt"
rm -f "$summary"

echo "leadrouter intake load test: $url, ${rate} leads/s for ${duration}s (ramp ${RAMP_SECONDS:-10}s)"
set +e
# shellcheck disable=SC2086
mvn -B -q ${MVN_ARGS:-} -f "$here/pom.xml" gatling:test \
  -Dgatling.simulationClass=dev.leadrouter.load.IntakeSimulation \
  -DbaseUrl="$url" \
  -Drate="$rate" \
  -Dduration="$duration" \
  -DrampSeconds="${RAMP_SECONDS:-10}" \
  -Dp99Ms="${P99_MS:-500}" \
  -DduplicateShare="${DUPLICATE_SHARE:-0}" \
  -DconnectionPerUser="${CONNECTION_PER_USER:-false}" \
  -DmeasureShare="${MEASURE_SHARE:-0.1}"
rc=$?
set -e

echo
report=""
if [[ -f "$target/gatling/lastRun.txt" ]]; then
  run_dir=$(head -n1 "$target/gatling/lastRun.txt")
  [[ -n $run_dir && -f "$target/gatling/$run_dir/index.html" ]] && report="$target/gatling/$run_dir/index.html"
fi
if [[ -z $report ]]; then
  newest=$(ls -1dt "$target"/gatling/intakesimulation-* 2>/dev/null | head -n1 || true)
  [[ -n $newest && -f "$newest/index.html" ]] && report="$newest/index.html"
fi
echo "Gatling report:          ${report:-<none found under $target/gatling>}"
if [[ -n $report ]] && command -v python3 >/dev/null; then
  # Per-request percentiles (ms) from the report pages; the console shows only global ones.
  python3 - "$(dirname "$report")" <<'PY'
import glob, re, sys
for page in sorted(glob.glob(sys.argv[1] + "/req_*.html")):
    html = open(page, encoding="utf-8").read()
    name = re.search(r"req_(.*)-\d+\.html", page).group(1)
    def cell(label):
        m = re.search(r'<td class="title">' + re.escape(label) + r'</td>\s*<td class="total">([^<]+)</td>', html)
        return m.group(1) if m else "?"
    print(f"  {name}: p50 {cell('50th percentile')} p95 {cell('95th percentile')} "
          f"p99 {cell('99th percentile')} max {cell('Max')} ms")
PY
fi
if [[ -f $summary ]]; then
  echo "intake->assigned summary: $summary"
  sed 's/^/  /' "$summary"
else
  echo "intake->assigned summary: <not written; see the output above>"
fi
exit $rc
