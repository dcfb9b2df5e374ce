"""What the load-test scripts share (scaling.py, sustained.py, open_loop.py, burst.py): PostgreSQL on 127.0.0.1:5432
as role leadrouter, process CPU time from /proc, free ports, wrk runs, the packaged jar's paths, and one
engine on a fresh database (sustained.py, open_loop.py, burst.py)."""
import contextlib, os, re, shutil, signal, socket, subprocess, sys, tempfile, time

JAR = os.path.abspath("http-api/target/leadrouter.jar")
# The demo chart with capacities that never fill: 6 reps (2 per region), so each rep's entity takes a
# third of its region's leads.
ORG = os.path.abspath("load-tests/src/test/resources/bench-org.json")
# The chart of the measurements (../shared/perf/perf-org.json): 60 reps, 20 per region, never fills.
ORG_60 = os.path.abspath("load-tests/src/test/resources/perf-org-60.json")
LUA = os.path.abspath("load-tests/lead.lua")
ENGINE_LOG = os.path.abspath("load-tests/target/engine-%s.log")


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True, **kw)


def psql(sql, db="postgres"):
    return sh("PGPASSWORD=leadrouter psql -h 127.0.0.1 -U leadrouter -d %s -tAc \"%s\"" % (db, sql)).stdout.strip()


def pg_settings():
    """The PostgreSQL settings a run's CPU per lead depends on, as one line for its output."""
    names = ("max_wal_size", "checkpoint_timeout", "shared_buffers", "synchronous_commit")
    return ", ".join("%s=%s" % (n, psql("SHOW %s" % n)) for n in names)


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def ticks(pids):
    """CPU milliseconds (user + system) the processes have used so far."""
    t = 0
    for p in pids:
        try:
            f = open("/proc/%s/stat" % p).read().rsplit(")", 1)[1].split()
            t += int(f[11]) + int(f[12])
        except OSError:
            pass
    return t * 1000.0 / os.sysconf("SC_CLK_TCK")


def thread_ticks(pid, prefixes):
    """CPU milliseconds used so far by the threads of process pid whose name starts with one of prefixes."""
    t = 0
    try:
        tasks = os.listdir("/proc/%s/task" % pid)
    except OSError:
        return 0.0
    for task in tasks:
        try:
            if not open("/proc/%s/task/%s/comm" % (pid, task)).read().startswith(prefixes):
                continue
            f = open("/proc/%s/task/%s/stat" % (pid, task)).read().rsplit(")", 1)[1].split()
            t += int(f[11]) + int(f[12])
        except OSError:
            pass
    return t * 1000.0 / os.sysconf("SC_CLK_TCK")


def pg_pids():
    return sh("pgrep -x postgres").stdout.split()


def wrk_counts(out):
    """(2xx-or-3xx answers, other answers) of one wrk run's output."""
    reqs = int(re.search(r"(\d+) requests in", out).group(1))
    bad = int(re.search(r"Non-2xx or 3xx responses: (\d+)", out).group(1)) if "Non-2xx" in out else 0
    return reqs - bad, bad


@contextlib.contextmanager
def engine(db, secret, sub, java_opts=()):
    """One node of the packaged jar on a fresh PostgreSQL database db, with the 60-rep chart: yields
    (process, port, admin token) once /health/ready is 200; stops the engine (SIGTERM, then SIGKILL)
    and drops the database afterwards, whatever happened. The engine's log is kept as
    load-tests/target/engine-SUB.log (the last run of each script), for failures seen by the client."""
    psql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % db); psql("CREATE DATABASE %s" % db)
    d = tempfile.mkdtemp(prefix="lr-%s-" % sub)
    port = free_port()
    env = dict(os.environ, LEADROUTER_DB="postgres", LEADROUTER_DB_URL="jdbc:postgresql://127.0.0.1:5432/%s?reWriteBatchedInserts=true" % db,
               LEADROUTER_DB_USER="leadrouter", LEADROUTER_DB_PASSWORD="leadrouter", LEADROUTER_JWT_SECRET=secret,
               LEADROUTER_ORG_FILE=ORG_60, LEADROUTER_DATA_DIR=d, LEADROUTER_HTTP_PORT=str(port),
               LEADROUTER_CLUSTER_PORT="0", LEADROUTER_MANAGEMENT_PORT="0")
    proc = subprocess.Popen(["java"] + list(java_opts) + ["-jar", JAR], env=env, cwd=d, stdout=open(os.path.join(d, "log"), "ab"),
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.time() + 180
        while sh("curl -s -o /dev/null -w '%%{http_code}' http://127.0.0.1:%d/health/ready" % port).stdout != "200":
            if time.time() > deadline or proc.poll() is not None:
                sys.exit("engine not ready; its log ends: " + open(os.path.join(d, "log"), errors="replace").read()[-2000:])
            time.sleep(1)
        token = [l for l in subprocess.run(["java", "-jar", JAR, "token", "--sub", sub, "--role", "admin"],
                 env=env, cwd=d, capture_output=True, text=True).stdout.splitlines() if l.count(".") == 2][-1]
        yield proc, port, token
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        try:
            os.makedirs(os.path.dirname(ENGINE_LOG), exist_ok=True)
            shutil.copyfile(os.path.join(d, "log"), ENGINE_LOG % sub)
        except OSError:
            pass
        shutil.rmtree(d, ignore_errors=True)
        psql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % db)
