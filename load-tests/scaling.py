#!/usr/bin/env python3
"""Leads/s end to end with 1, 2 and 3 nodes of the packaged jar on one PostgreSQL database, all on
this host (docs/scaling.md). For each node count: a fresh database, the nodes joined through
LEADROUTER_CLUSTER_SEEDS, the demo org chart with capacities that never fill (load-tests/src/test/resources/bench-org.json: 6 reps),
a 10 s warm-up, then wrk posting distinct leads to every node at once for 30 s; leads/s counts leads
accepted AND assigned (drain included); CPU per lead is process CPU time over leads (all nodes; all
PostgreSQL processes). Run from the project root after `mvn -q -B -DskipTests package`, with wrk
and PostgreSQL on 127.0.0.1:5432 (role leadrouter/leadrouter, CREATEDB):  python3 load-tests/scaling.py [1 2 3]"""
import os, re, signal, subprocess, sys, tempfile, time, shutil
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from perfkit import JAR, ORG, LUA, sh, psql, free_port, ticks, pg_pids, wrk_counts

SECRET = "scaling-secret-0123456789abcdef0123456789abcdef"
DB = "lr_scaling"

def run(nodes):
    psql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % DB); psql("CREATE DATABASE %s" % DB)
    seeds = ",".join("127.0.0.1:%d" % (25700 + i) for i in range(min(nodes, 2)))
    procs, ports, dirs = [], [], []
    try:
        for i in range(nodes):
            d = tempfile.mkdtemp(prefix="lr-scaling-"); dirs.append(d)
            port = free_port(); ports.append(port)
            env = dict(os.environ, LEADROUTER_DB="postgres", LEADROUTER_DB_URL="jdbc:postgresql://127.0.0.1:5432/%s?reWriteBatchedInserts=true" % DB,
                       LEADROUTER_DB_USER="leadrouter", LEADROUTER_DB_PASSWORD="leadrouter", LEADROUTER_JWT_SECRET=SECRET,
                       LEADROUTER_ORG_FILE=ORG, LEADROUTER_DATA_DIR=d, LEADROUTER_HTTP_PORT=str(port),
                       LEADROUTER_CLUSTER_PORT=str(25700 + i), LEADROUTER_MANAGEMENT_PORT="0")
            if nodes > 1:
                env["LEADROUTER_CLUSTER_SEEDS"] = seeds
            procs.append(subprocess.Popen(["java", "-jar", JAR], env=env, cwd=d, stdout=open(os.path.join(d, "log"), "ab"),
                                          stderr=subprocess.STDOUT, start_new_session=True))
            if i == 0:
                time.sleep(8)
        deadline = time.time() + 180
        while time.time() < deadline:
            if all(sh("curl -s -o /dev/null -w '%%{http_code}' http://127.0.0.1:%d/health/ready" % p).stdout == "200" for p in ports):
                break
            time.sleep(1)
        else:
            sys.exit("nodes not ready")
        token = [l for l in subprocess.run(["java", "-jar", JAR, "token", "--sub", "scaling", "--role", "admin"],
                 env=dict(os.environ, LEADROUTER_JWT_SECRET=SECRET, LEADROUTER_DATA_DIR=dirs[0]), capture_output=True,
                 text=True).stdout.splitlines() if l.count(".") == 2][-1]
        env = dict(os.environ, LR_TOKEN=token)
        def wrk(secs):
            ws = [subprocess.Popen("wrk -t1 -c%d -d%ds -s %s http://127.0.0.1:%d/api/v1/leads" % (max(8, 32 // nodes), secs, LUA, p),
                                   shell=True, env=env, stdout=subprocess.PIPE, text=True) for p in ports]
            counts = [wrk_counts(w.communicate()[0]) for w in ws]
            return sum(c[0] for c in counts), sum(c[1] for c in counts)
        wrk(10); time.sleep(5)
        base = int(psql("SELECT coalesce(max(received_at), 0) FROM lead_index", DB) or 0) + 1
        e0, p0, t0 = ticks([p.pid for p in procs]), ticks(pg_pids()), time.time()
        accepted, bad = wrk(30)
        while time.time() - t0 < 240:
            n = int(psql("SELECT count(*) FROM lead_index WHERE received_at >= %d AND assigned_at IS NOT NULL" % base, DB) or 0)
            if n >= accepted:
                break
            time.sleep(1)
        span = float(psql("SELECT coalesce(max(assigned_at) - min(received_at), 0) FROM lead_index WHERE received_at >= %d AND assigned_at IS NOT NULL" % base, DB) or 0) / 1000.0
        e1, p1 = ticks([p.pid for p in procs]), ticks(pg_pids())
        print("scaling: %d node(s): %.0f leads/s end to end (%d accepted, %d non-2xx, %d assigned in %.1f s); CPU per lead: engines %.2f ms, PostgreSQL %.2f ms"
              % (nodes, n / span if span else 0, accepted, bad, n, span, (e1 - e0) / max(n, 1), (p1 - p0) / max(n, 1)), flush=True)
    finally:
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        for d in dirs:
            shutil.rmtree(d, ignore_errors=True)
        psql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % DB)

for n in [int(a) for a in sys.argv[1:]] or [1, 2, 3]:
    run(n)
