#!/usr/bin/env bash
# PostgreSQL's CPU per journal event: a batch of 4 tagged events written the way pekko-persistence-jdbc
# writes it (BEGIN, one INSERT ... RETURNING ordering per event, the tags' INSERT, COMMIT) against
# the one statement of BatchInsertJournalDao (the rows as arrays, the tags from the rows it returns).
# Each form runs ROUNDS times, alternating, 15 s with 4 clients; the server's CPU is the machine's
# busy time (/proc/stat) less pgbench's own. Needs pgbench and PostgreSQL on 127.0.0.1:5432 with
# the role leadrouter/leadrouter (CREATEDB). The schema is the journal's as migrated (V1, V10, V19);
# WITH_FK=1 leaves out V19, so each tag row is checked against event_journal by the foreign key as
# before it. Run from the project root:
#   bash load-tests/pgbench/journal-batch.sh [ROUNDS]        WITH_FK=1 bash load-tests/pgbench/journal-batch.sh [ROUNDS]
set -euo pipefail
ROUNDS=${1:-2}
export PGPASSWORD=${PGPASSWORD:-leadrouter}
PG="-h 127.0.0.1 -U leadrouter"
MIG=persistence/src/main/resources/db/migration/postgres
work=$(mktemp -d)
trap 'rm -rf "$work"; psql $PG -d postgres -qc "DROP DATABASE IF EXISTS lr_pgbench WITH (FORCE)"' EXIT
psql $PG -d postgres -qc "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS lr_pgbench WITH (FORCE)" -c "CREATE DATABASE lr_pgbench"
psql $PG -d lr_pgbench -q -f $MIG/V1__journal.sql -f $MIG/V10__event_tag_by_tag.sql
[ "${WITH_FK:-0}" = 1 ] || psql $PG -d lr_pgbench -q -f $MIG/V19__event_tag_without_foreign_key.sql

hex=$(head -c 300 /dev/urandom | od -An -tx1 | tr -d ' \n')   # a 300-byte event payload
cols="deleted, persistence_id, sequence_number, writer, write_timestamp, adapter_manifest, event_payload, event_ser_id, event_ser_manifest, meta_payload, meta_ser_id, meta_ser_manifest"
pid() { echo "'Lead|' || :client_id || '-' || :n || '$1'"; }
four() { echo "ARRAY[$1, $1, $1, $1]"; }
{
  echo '\set n random(1, 1000000000000000)'
  echo 'BEGIN;'
  for x in a b c d; do
    echo "INSERT INTO event_journal ($cols) VALUES (false, $(pid $x), 1, 'writer-0123456789', 1700000000000, '', decode('$hex', 'hex'), 900, 'LeadReceived', NULL, NULL, NULL) RETURNING ordering AS o$x \\gset"
  done
  echo "INSERT INTO event_tag (event_id, tag) VALUES (:oa, 'lead'), (:ob, 'lead'), (:oc, 'lead'), (:od, 'lead');"
  echo 'COMMIT;'
} > "$work/plugin.sql"
pids="ARRAY[$(pid a), $(pid b), $(pid c), $(pid d)]::varchar[]"
{
  echo '\set n random(1, 1000000000000000)'
  echo "WITH rows AS (SELECT * FROM unnest($(four false), $pids, $(four 1)::bigint[], $(four "'writer-0123456789'")::varchar[],"\
" $(four 1700000000000)::bigint[], $(four "''")::varchar[], $(four "decode('$hex', 'hex')")::bytea[], $(four 900)::integer[],"\
" $(four "'LeadReceived'")::varchar[], $(four NULL)::bytea[], $(four NULL)::integer[], $(four NULL)::varchar[])"\
" WITH ORDINALITY AS r($cols, n)),"\
" j AS (INSERT INTO event_journal ($cols) SELECT $cols FROM rows ORDER BY n RETURNING ordering, persistence_id, sequence_number)"\
" INSERT INTO event_tag (event_id, tag) SELECT j.ordering, t.tag FROM j JOIN unnest($pids, $(four 1)::bigint[], $(four "'lead'")::varchar[])"\
" AS t(pid, seq, tag) ON j.persistence_id = t.pid AND j.sequence_number = t.seq;"
} > "$work/batch.sql"

busy() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
hz=$(getconf CLK_TCK)
echo "form     batches  server CPU ms per event"
for r in $(seq "$ROUNDS"); do
  for form in plugin batch; do
    a=$(busy)
    /usr/bin/time -f "%U %S" -o "$work/time" pgbench $PG -n -M prepared -c 4 -T 15 -f "$work/$form.sql" lr_pgbench > "$work/out" 2>&1 || { grep -m3 -i "error\|abort" "$work/out"; exit 1; }
    b=$(busy)
    batches=$(awk '/actually processed/{print $NF}' "$work/out")
    client=$(tail -1 "$work/time" | awk -v hz="$hz" '{print ($1 + $2) * hz}')
    awk -v a="$a" -v b="$b" -v c="$client" -v n="$batches" -v hz="$hz" -v f="$form" \
      'BEGIN { printf "%-7s %8d  %.3f\n", f, n, (b - a - c) * 1000 / hz / (n * 4) }'
  done
done
