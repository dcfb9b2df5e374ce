#!/usr/bin/env python3
"""Issue 17's burst ("intake of 2,000 leads/s for 60 s absorbed, every one 2xx once durable, assignment
catching up after, with the assignment backlog visible as a metric") on one node of the packaged jar on
PostgreSQL, the 60-rep chart that never fills (the one sustained.py and open_loop.py use): a fresh
database, WARM seconds of wrk (the JIT compiles the hot code; default 60) and a wait for the backlog to
drain, then wrk with CONNECTIONS connections for SECONDS seconds (as many posts as the engine answers:
wrk is a closed loop, so the rate it reaches is the most this machine absorbs, not an offered rate),
then the drain. Every second, the engine's own gauges from /metrics (polled by the engine every
second here, LEADROUTER_METRICS_POLL_INTERVAL=1s): leadrouter_assignment_backlog_leads (received and
queued) and leadrouter_assignment_backlog_oldest_age_seconds. Prints the 2xx rate, the non-2xx
answers, wrk's POST latency percentiles, the backlog's peak and oldest age, how long after the load it
drained, and the engine's and PostgreSQL's CPU per accepted lead during the burst.
Run from the project root after `mvn -q -B -DskipTests package`, with wrk and PostgreSQL on
127.0.0.1:5432 (role leadrouter/leadrouter, CREATEDB):
    python3 load-tests/burst.py [SECONDS] [CONNECTIONS]          (default 60 128)"""
import os, re, sys, threading, time, urllib.request
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from perfkit import LUA, sh, pg_settings, engine, ticks, pg_pids, wrk_counts

SECRET = "burst-secret-0123456789abcdef0123456789abcdef0123"
DB = "lr_burst"
GAUGE = re.compile(r'^leadrouter_assignment_backlog_(leads\{status="(\w+)"\}|oldest_age_seconds) ([0-9.eE+-]+)$', re.M)


def backlog(port, token):
    """(leads received and not assigned, the oldest one's age in s), from the engine's /metrics."""
    req = urllib.request.Request("http://127.0.0.1:%d/metrics" % port, headers={"Authorization": "Bearer " + token})
    text = urllib.request.urlopen(req, timeout=5).read().decode()
    waiting, age = 0, 0.0
    for m in GAUGE.finditer(text):
        if m.group(2):
            waiting += int(float(m.group(3)))
        else:
            age = float(m.group(3))
    return waiting, age


def main(seconds, connections):
    warm = int(os.environ.get("WARM", "60"))
    os.environ["LEADROUTER_METRICS_POLL_INTERVAL"] = "1s"
    with engine(DB, SECRET, "burst") as (proc, port, token):
        wenv = dict(os.environ, LR_TOKEN=token)
        print("PostgreSQL: " + pg_settings(), flush=True)
        ok, bad = wrk_counts(sh("wrk -t2 -c32 -d%ds -s %s http://127.0.0.1:%d/api/v1/leads" % (warm, LUA, port), env=wenv).stdout)
        print("warm-up: %d s of wrk, %.0f leads/s, %d non-2xx" % (warm, ok / float(warm), bad), flush=True)
        t0 = time.time()
        while backlog(port, token)[0] > 0 and time.time() - t0 < 120:
            time.sleep(1)
        time.sleep(3)

        samples = []  # (seconds since the burst began, waiting, oldest age)
        done = threading.Event()
        start = time.time()

        def sample():
            while not done.is_set():
                try:
                    w, a = backlog(port, token)
                    samples.append((time.time() - start, w, a))
                except OSError:
                    pass
                done.wait(1.0)

        sampler = threading.Thread(target=sample, daemon=True); sampler.start()
        e0, p0 = ticks([proc.pid]), ticks(pg_pids())
        out = sh("wrk -t2 -c%d -d%ds --latency -s %s http://127.0.0.1:%d/api/v1/leads" % (connections, seconds, LUA, port), env=wenv).stdout
        e1, p1 = ticks([proc.pid]), ticks(pg_pids())
        ended = time.time() - start
        ok, bad = wrk_counts(out)
        # Drained: three samples in a row with nothing waiting, at most 300 s after the load.
        while time.time() - start < ended + 300:
            time.sleep(1)
            if len(samples) >= 3 and all(s[1] == 0 for s in samples[-3:]) and samples[-3][0] > ended:
                break
        done.set(); sampler.join()
        drained = next((s[0] - ended for s in samples if s[0] > ended and s[1] == 0), None)
        lat = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)$", out, re.M))
        print("backlog per 5 s (s: waiting / oldest age s): " + ", ".join(
            "%.0f: %d / %.1f" % s for s in samples[::5]), flush=True)
        print("burst: %d s, %d connections: %.0f leads/s answered 2xx (%d), %d non-2xx; POST p50 %s, p90 %s, p99 %s;"
              " assignment backlog peak %d leads, oldest %.1f s; drained %s after the load;"
              " CPU per accepted lead during the burst: engine %.2f ms, PostgreSQL %.2f ms"
              % (seconds, connections, ok / float(seconds), ok, bad, lat.get("50"), lat.get("90"), lat.get("99"),
                 max((s[1] for s in samples), default=0), max((s[2] for s in samples), default=0.0),
                 "%.0f s" % drained if drained is not None else "not (300 s)", (e1 - e0) / max(ok, 1), (p1 - p0) / max(ok, 1)),
              flush=True)


main(int(sys.argv[1]) if len(sys.argv) > 1 else 60, int(sys.argv[2]) if len(sys.argv) > 2 else 128)
