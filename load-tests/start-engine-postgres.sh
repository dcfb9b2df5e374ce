#!/usr/bin/env bash
# Starts the packaged engine on a local PostgreSQL database for load tests, in the background.
#
#   usage: load-tests/start-engine-postgres.sh [database]     (default database: leadrouter_bench)
#
# Uses load-tests/src/test/resources/bench-org.json (the demo org chart with a capacity high enough
# that a load test never queues), HTTP on 127.0.0.1:${LEADROUTER_HTTP_PORT:-18090}, and a fixed JWT
# secret so `java -jar http-api/target/leadrouter.jar token` with the same LEADROUTER_JWT_SECRET
# prints a valid token. The database must exist and belong to the role leadrouter/leadrouter.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
db=${1:-leadrouter_bench}
export LEADROUTER_DB=postgres
export LEADROUTER_DB_URL="jdbc:postgresql://127.0.0.1:5432/$db?reWriteBatchedInserts=true"
export LEADROUTER_DB_USER=${LEADROUTER_DB_USER:-leadrouter}
export LEADROUTER_DB_PASSWORD=${LEADROUTER_DB_PASSWORD:-leadrouter}
export LEADROUTER_JWT_SECRET=${LEADROUTER_JWT_SECRET:-bench-secret-bench-secret-bench-secret-0123}
export LEADROUTER_ORG_FILE="$here/src/test/resources/bench-org.json"
export LEADROUTER_HTTP_PORT=${LEADROUTER_HTTP_PORT:-18090}
export LEADROUTER_CLUSTER_PORT=0
export LEADROUTER_DATA_DIR=${LEADROUTER_DATA_DIR:-$here/target/bench-data}
mkdir -p "$LEADROUTER_DATA_DIR"
nohup java -Xmx2g ${JAVA_EXTRA:-} -jar "$root/http-api/target/leadrouter.jar" > "$here/target/engine.log" 2>&1 &
echo "engine starting (pid $!), log: $here/target/engine.log, http://127.0.0.1:$LEADROUTER_HTTP_PORT"
