#!/usr/bin/env bash
# Shared by benchmarks/bench-*.sh (sourced, not run): builds the bench classes and their classpath
# from this checkout, creates a fresh PostgreSQL database per run and drops it afterwards.
#
# Environment:
#   PGHOST/PGPORT     PostgreSQL server (default 127.0.0.1:5432; must be local)
#   PGUSER/PGPASSWORD role with CREATEDB (default leadrouter/leadrouter)
#   MVN_ARGS          extra Maven arguments (default "-o": offline)
#   SKIP_BUILD=1      reuse benchmarks/target/bench.classpath and the compiled classes
#   JAVA_OPTS         extra JVM flags (e.g. -XX:StartFlightRecording=..., -Xlog:gc:file=gc.log)
#   BENCH_GC          garbage collector flag (default -XX:+UseG1GC; e.g. -XX:+UseZGC)
set -euo pipefail

bench_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bench_root=$(dirname "$bench_here")
bench_target="$bench_here/target"
bench_out="$bench_target/bench"
mkdir -p "$bench_out"

export PGHOST=${PGHOST:-127.0.0.1}
export PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-leadrouter}
export PGPASSWORD=${PGPASSWORD:-leadrouter}
case "$PGHOST" in
  127.0.0.1|localhost) ;;
  *) echo "refusing to run: PGHOST must be 127.0.0.1 or localhost, got '$PGHOST'" >&2; exit 2 ;;
esac

# Every flag of the measured JVM, so a result names them. The common-pool parallelism is what
# Main.main sets on a 2-core machine. BENCH_GC picks the collector (default G1, the JVM's default).
BENCH_JVM_COMMON="${BENCH_GC:--XX:+UseG1GC} -Djava.util.concurrent.ForkJoinPool.common.parallelism=2"

# Compiles the engine and the bench classes (reactor build) and writes the test classpath.
bench_build() {
  local cp="$bench_target/bench.classpath"
  if [[ ${SKIP_BUILD:-0} == 1 && -s $cp ]]; then
    BENCH_CP="$bench_target/test-classes:$(cat "$cp")"
    return
  fi
  echo "building (mvn ${MVN_ARGS:--o} -pl benchmarks -am test-compile dependency:build-classpath) ..."
  # shellcheck disable=SC2086
  (cd "$bench_root" && mvn -q ${MVN_ARGS:--o} -pl benchmarks -am -DskipTests test-compile \
      dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp")
  BENCH_CP="$bench_target/test-classes:$(cat "$cp")"
}

# Creates a fresh database and drops it when the calling script exits. Prints its name.
bench_db() {
  local name="lr_bench_$1_$(date +%Y%m%d%H%M%S)_$$"
  createdb "$name"
  BENCH_DBS+=("$name")
  trap bench_cleanup EXIT
  echo "database $name created" >&2
  BENCH_DB=$name
}

BENCH_DBS=()
bench_cleanup() {
  local db
  for db in "${BENCH_DBS[@]}"; do
    if [[ ${KEEP_DB:-0} == 1 ]]; then
      echo "database $db kept (KEEP_DB=1)" >&2
    else
      dropdb --if-exists "$db" && echo "database $db dropped" >&2
    fi
  done
}

# Runs a bench main class: bench_java <heap> <timeout-seconds> <class> [-Dprop=value ...]
# The console output is capped at 20 MB (an overloaded engine can log millions of lines); the
# report file is written regardless. The exit status is the JVM's.
bench_java() {
  local heap=$1 limit=$2 cls=$3
  shift 3
  # shellcheck disable=SC2086
  timeout --kill-after=30 "$limit" java -Xms"$heap" -Xmx"$heap" $BENCH_JVM_COMMON ${JAVA_OPTS:-} \
    -cp "$BENCH_CP" "$@" "dev.leadrouter.bench.engine.$cls" 2>&1 | stdbuf -oL head -c 20000000
  return "${PIPESTATUS[0]}"
}
