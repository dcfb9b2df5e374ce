#!/usr/bin/env python3
"""Issue 17's open-loop target (p99 intake->assigned and p99 POST at RATE leads/s, Gatling constant
arrival rate) on one node of the packaged jar on PostgreSQL, the 60-rep chart that never fills (the one
sustained.py and e2e.py use): a fresh database, WARM seconds of wrk at saturation (the JIT compiles the
hot code; default 180), then `load-tests/run.sh RATE SECONDS` (IntakeSimulation: shared keep-alive
connections, a 10 % sample of the leads polled for intake->assigned). While Gatling's JVM runs, the CPU
time of the engine, of PostgreSQL and of Gatling itself, per accepted lead: all three share this
machine's cores, so the generator's share is printed beside the engine's.
Run from the project root after `mvn -q -B -DskipTests package`, with wrk and PostgreSQL on
127.0.0.1:5432 (role leadrouter/leadrouter, CREATEDB):
    python3 load-tests/open_loop.py [RATE] [SECONDS]          (default 500 60)
Environment: WARM (warm-up seconds), ENGINE_JAVA_OPTS (JVM options of the engine only, e.g. -XX:+UseZGC),
MVN_ARGS (e.g. -o)."""
import os, re, subprocess, sys, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from perfkit import LUA, sh, pg_settings, engine, ticks, pg_pids, wrk_counts

SECRET = "open-loop-secret-0123456789abcdef0123456789abcdef"
DB = "lr_open_loop"
HERE = os.path.dirname(os.path.abspath(__file__))


def gatling_pid():
    for pid in sh("pgrep -f io.gatling").stdout.split():
        try:
            if b"io.gatling.app" in open("/proc/%s/cmdline" % pid, "rb").read():
                return pid
        except OSError:
            pass
    return None


def main(rate, seconds):
    warm = int(os.environ.get("WARM", "180"))
    with engine(DB, SECRET, "open-loop", os.environ.get("ENGINE_JAVA_OPTS", "").split()) as (proc, port, token):
        print("PostgreSQL: " + pg_settings(), flush=True)
        ok, bad = wrk_counts(sh("wrk -t2 -c32 -d%ds -s %s http://127.0.0.1:%d/api/v1/leads" % (warm, LUA, port),
                                env=dict(os.environ, LR_TOKEN=token)).stdout)
        print("warm-up: %d s of wrk, %.0f leads/s, %d non-2xx" % (warm, ok / float(warm), bad), flush=True)
        time.sleep(5)

        # CPU of the three processes over the Gatling JVM's life (ramp and plateau).
        seen = {}
        done = threading.Event()

        def watch():
            while not done.is_set():
                g = gatling_pid()
                if g:
                    now = (ticks([proc.pid]), ticks(pg_pids()), ticks([g]))
                    seen.setdefault("first", now)
                    seen["last"] = now
                done.wait(0.5)

        watcher = threading.Thread(target=watch, daemon=True); watcher.start()
        genv = dict(os.environ, LEADROUTER_TOKEN=token, LEADROUTER_URL="http://127.0.0.1:%d" % port,
                    RAMP_SECONDS=os.environ.get("RAMP_SECONDS", "10"), P99_MS=os.environ.get("P99_MS", "5000"))
        out = subprocess.run(["bash", os.path.join(HERE, "run.sh"), str(rate), str(seconds)], env=genv,
                             capture_output=True, text=True).stdout
        done.set(); watcher.join()
        summary = [l.strip() for l in out.splitlines() if re.match(r"\s*(post-lead|lead-view|leads accepted|count=)", l)]
        print("\n".join(dict.fromkeys(summary)))  # run.sh prints the intake->assigned lines twice
        m = re.search(r"leads accepted=(\d+)", out)
        accepted = int(m.group(1)) if m else 0
        if "first" in seen and accepted:
            (e0, p0, g0), (e1, p1, g1) = seen["first"], seen["last"]
            print("open loop: %s leads/s for %s s, %d accepted; CPU per accepted lead while Gatling ran:"
                  " engine %.2f ms, PostgreSQL %.2f ms, Gatling %.2f ms"
                  % (rate, seconds, accepted, (e1 - e0) / accepted, (p1 - p0) / accepted, (g1 - g0) / accepted), flush=True)
        else:
            print("open loop: no Gatling run measured; run.sh said:\n" + out[-3000:])


main(sys.argv[1] if len(sys.argv) > 1 else "500", sys.argv[2] if len(sys.argv) > 2 else "60")
