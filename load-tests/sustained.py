#!/usr/bin/env python3
"""Issue 17's "sustained for 10 minutes": one node of the packaged jar on PostgreSQL, the 60-rep org
chart that never fills (load-tests/src/test/resources/perf-org-60.json, the one e2e.py uses), a 10 s warm-up, then wrk
posting distinct leads at saturation (32 connections) for MINUTES one-minute rounds back to back,
then the drain. Per minute: leads accepted, engine CPU per lead (and how much of it the JIT
compiler threads took, and the garbage collector's threads with the VM thread that runs its pauses), PostgreSQL CPU per lead. At the end: leads/s end to end (accepted AND
assigned, drain included), and the CPU per lead of the last half (the steady state, once the JIT
has compiled the hot code: a 30 s window right after start-up still pays for compilation).
Run from the project root after `mvn -q -B -DskipTests package`, with wrk and PostgreSQL on
127.0.0.1:5432 (role leadrouter/leadrouter, CREATEDB):  python3 load-tests/sustained.py [MINUTES]"""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from perfkit import LUA, sh, psql, pg_settings, engine, ticks, thread_ticks, pg_pids, wrk_counts

SECRET = "sustained-secret-0123456789abcdef0123456789abcdef"
DB = "lr_sustained"
COMPILERS = ("C1 CompilerThre", "C2 CompilerThre")
# G1's threads (/proc truncates names to 15 characters): parallel workers, concurrent marking, refinement, service.
COLLECTOR = ("GC Thread", "G1 ", "VM Thread")


def main(minutes):
    with engine(DB, SECRET, "sustained") as (proc, port, token):
        wenv = dict(os.environ, LR_TOKEN=token)

        def wrk(secs):
            return wrk_counts(sh("wrk -t2 -c32 -d%ds -s %s http://127.0.0.1:%d/api/v1/leads" % (secs, LUA, port), env=wenv).stdout)

        print("PostgreSQL: " + pg_settings(), flush=True)
        wrk(10); time.sleep(5)
        base = int(psql("SELECT coalesce(max(received_at), 0) FROM lead_index", DB) or 0) + 1
        rows, bad_total = [], 0
        print("minute  accepted  leads/s  engine ms/lead  of which JIT  of which GC  PostgreSQL ms/lead", flush=True)
        for m in range(minutes):
            e0, c0, g0, p0 = ticks([proc.pid]), thread_ticks(proc.pid, COMPILERS), thread_ticks(proc.pid, COLLECTOR), ticks(pg_pids())
            ok, bad = wrk(60)
            e1, c1, g1, p1 = ticks([proc.pid]), thread_ticks(proc.pid, COMPILERS), thread_ticks(proc.pid, COLLECTOR), ticks(pg_pids())
            bad_total += bad
            rows.append((ok, e1 - e0, c1 - c0, p1 - p0, g1 - g0))
            print("%6d  %8d  %7.0f  %14.2f  %11.2f  %11.2f  %18.2f" % (m + 1, ok, ok / 60.0, (e1 - e0) / max(ok, 1),
                  (c1 - c0) / max(ok, 1), (g1 - g0) / max(ok, 1), (p1 - p0) / max(ok, 1)), flush=True)
        accepted = sum(r[0] for r in rows)
        # Drained: every lead received since the load began is assigned, and the count stood still
        # for two polls (the projection caught up). Leads, not answers: a delivery whose phone or
        # e-mail matches an earlier lead's (lead.lua's random numbers repeat now and then) is a 2xx
        # merged into that lead, not a new one.
        t0 = time.time()
        n, last = 0, -1
        while time.time() - t0 < 300:
            row = psql("SELECT count(*), count(*) - count(assigned_at) FROM lead_index WHERE received_at >= %d" % base, DB).split("|")
            n, waiting = int(row[0] or 0), int(row[1] or 0)
            if waiting == 0 and n == last:
                break
            last = n
            time.sleep(1)
        drained = time.time() - t0
        span = float(psql("SELECT coalesce(max(assigned_at) - min(received_at), 0) FROM lead_index WHERE received_at >= %d"
                          " AND assigned_at IS NOT NULL" % base, DB) or 0) / 1000.0
        half = rows[len(rows) // 2:]
        hn = sum(r[0] for r in half)
        print("sustained: %d min, %.0f leads/s end to end (%d deliveries accepted, %d non-2xx; %d new leads, %d not assigned, the backlog drained %.0f s after the load);"
              " last %d min: engine %.2f ms/lead (JIT %.2f, GC %.2f), PostgreSQL %.2f ms/lead"
              % (minutes, n / span if span else 0, accepted, bad_total, n, waiting, drained, len(half),
                 sum(r[1] for r in half) / max(hn, 1), sum(r[2] for r in half) / max(hn, 1), sum(r[4] for r in half) / max(hn, 1),
                 sum(r[3] for r in half) / max(hn, 1)),
              flush=True)


main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
