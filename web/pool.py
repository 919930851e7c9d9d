"""Queries from users run in worker processes that can be killed.

A query cannot be interrupted inside the thread that runs it, so the endpoint sends each user
query to one of a few worker processes, each holding the graph opened from the same path.
A query that outlives the time limit gets its worker killed and replaced (in the background);
the other workers, and every page that does not run a user query, keep serving meanwhile.
Workers also give up their network access where the kernel allows it (a private network
namespace), so even a query that slipped past ``web.sparql.check_query`` could not reach out.
"""

from __future__ import annotations

import atexit
import ctypes
import io
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import weakref
from multiprocessing.connection import Connection
from pathlib import Path

MEMORY_ENV = "GOVKG_IN_MEMORY"     # yes: a worker copies a store folder's graph into memory


class QueryTimeout(Exception):
    """The query ran longer than the time limit and was stopped."""


class PoolBusy(Exception):
    """No worker became free in time, or none could be started."""


class QueryFailed(Exception):
    """The query was rejected by the parser (``bad`` is True) or failed while running."""

    def __init__(self, message: str, bad: bool, too_large: bool = False):
        super().__init__(message)
        self.message = message
        self.bad = bad
        self.too_large = too_large


# --- the worker side ------------------------------------------------------------------------

def _isolate_network() -> bool:
    """Move this (still single-threaded) process into an empty network namespace, if allowed."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    clone_newnet, clone_newuser = 0x40000000, 0x10000000
    flags = [clone_newnet] if os.geteuid() == 0 else []
    flags.append(clone_newuser | clone_newnet)
    for f in flags:
        if libc.unshare(f) == 0:
            return True
    return False


def _watch_parent(parent: int) -> None:
    def watch():
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(0)
    threading.Thread(target=watch, daemon=True).start()


class _Capped:
    """A write target that refuses to grow past a size."""

    def __init__(self, limit: int):
        self.limit = limit
        self.buf = io.BytesIO()

    def write(self, b) -> int:
        if self.buf.tell() + len(b) > self.limit:
            raise _TooLarge()
        return self.buf.write(b)

    def flush(self) -> None:
        pass


class _TooLarge(Exception):
    pass


def _term(t) -> dict:
    import pyoxigraph as ox
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype and t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            d["datatype"] = t.datatype.value
        return d
    return {"type": "triple", "value": str(t)}


def _parse_term(text: str):
    import pyoxigraph as ox
    triple = next(iter(ox.parse(f"<urn:s> <urn:p> {text} .".encode(), format=ox.RdfFormat.N_TRIPLES)))
    return triple.object


def execute(store, job: dict):
    """Run one job in a worker: ("ok", payload) or ("bad"|"toolarge"|"error", message)."""
    import pyoxigraph as ox

    from kg.ontology import PREFIXES

    try:
        subs = {k: _parse_term(v) for k, v in (job.get("bindings") or {}).items()}
        result = store.query(job["query"], subs)       # values bound at the start of the WHERE clause
        limit = job.get("max_bytes") or 1 << 62
        if job.get("table") is not None:  # rows for an HTML table, capped
            max_rows = job["table"]
            if isinstance(result, ox.QueryBoolean):
                return "ok", {"kind": "boolean", "boolean": bool(result)}
            if isinstance(result, ox.QueryTriples):
                rows, truncated = [], False
                for i, t in enumerate(result):
                    if i >= max_rows:
                        truncated = True
                        break
                    rows.append([_term(t.subject), _term(t.predicate), _term(t.object)])
                return "ok", {"kind": "graph", "vars": ["subject", "predicate", "object"], "rows": rows,
                              "truncated": truncated}
            vars_ = [v.value for v in result.variables]
            rows, truncated = [], False
            for i, sol in enumerate(result):
                if i >= max_rows:
                    truncated = True
                    break
                rows.append([_term(sol[v]) if sol[v] is not None else None for v in vars_])
            return "ok", {"kind": "solutions", "vars": vars_, "rows": rows, "truncated": truncated}
        out = _Capped(limit)
        if isinstance(result, ox.QueryTriples):
            fmt = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                   "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}[job["graph"]]
            triples = list(result)
            ox.serialize(triples, out, fmt, prefixes=PREFIXES if fmt != ox.RdfFormat.N_TRIPLES else None)
            return "ok", {"kind": "graph", "format": job["graph"], "body": out.buf.getvalue()}
        fmt = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
               "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}[job["result"]]
        kind = "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"
        result.serialize(out, format=fmt)
        return "ok", {"kind": kind, "format": job["result"], "body": out.buf.getvalue()}
    except SyntaxError as exc:
        return "bad", str(exc)
    except _TooLarge:
        return "toolarge", f"The result is larger than {job.get('max_bytes')} bytes; add a LIMIT."
    except Exception as exc:  # reported to the client as the engine said it
        cause = exc.__context__ if isinstance(exc, ValueError) and isinstance(exc.__context__, _TooLarge) else None
        if cause is not None:
            return "toolarge", f"The result is larger than {job.get('max_bytes')} bytes; add a LIMIT."
        return "error", f"{type(exc).__name__}: {exc}"


def worker_main(conn, graph: str, isolate: bool) -> None:
    """A worker: open the graph, then answer jobs from the pipe until it closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    isolated = _isolate_network() if isolate else False
    _watch_parent(os.getppid())
    try:
        from kg.store import Store
        store = Store.open(graph)
    except Exception as exc:
        conn.send(("error", f"cannot open {graph}: {getattr(exc, 'message', exc)}"))
        return
    store.load_into_memory_later(when=os.environ.get(MEMORY_ENV, "no"))      # kg serve decides
    conn.send(("ready", {"triples": len(store), "isolated": isolated, "pid": os.getpid()}))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            conn.send(execute(store, job))
        except (BrokenPipeError, OSError):
            return


# --- the server side ------------------------------------------------------------------------

class _Worker:
    def __init__(self, proc: subprocess.Popen, conn: Connection, info: dict):
        self.proc = proc
        self.conn = conn
        self.info = info

    def kill(self) -> None:
        try:
            self.proc.kill()
        except OSError:
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass
        try:
            self.conn.close()
        except OSError:
            pass


_POOLS: "weakref.WeakSet[QueryPool]" = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    for pool in list(_POOLS):
        pool.close()


class QueryPool:
    """A few worker processes over one graph file or store; ``run`` sends a job to a free one."""

    def __init__(self, graph: str, size: int = 2, startup_timeout: float = 300.0, isolate: bool = True):
        self.graph = str(graph)
        self.size = max(1, int(size))
        self.startup_timeout = startup_timeout
        self.isolate = isolate
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.all: set[_Worker] = set()
        self.lock = threading.Lock()
        self.closed = False
        self.last_error = ""
        self.kills = 0
        self.started = threading.Event()
        self.pending = 0
        _POOLS.add(self)
        for _ in range(self.size):
            self._spawn_later()

    def _spawn_later(self) -> None:
        with self.lock:
            self.pending += 1
        threading.Thread(target=self._spawn_counted, daemon=True, name="govkg-worker-start").start()

    def _spawn_counted(self) -> None:
        try:
            self._spawn()
        finally:
            with self.lock:
                self.pending -= 1

    def _spawn(self) -> None:
        if self.closed:
            return
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parents[1])
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        try:
            proc = subprocess.Popen(
                [sys.executable, "-m", "web.pool", str(theirs.fileno()), self.graph, "1" if self.isolate else "0"],
                pass_fds=(theirs.fileno(),), env=env, stdin=subprocess.DEVNULL, close_fds=True)
        except OSError as exc:
            self.last_error = f"cannot start a query worker: {exc}"
            ours.close()
            theirs.close()
            return
        theirs.close()
        conn = Connection(ours.detach())
        try:
            msg = conn.recv() if conn.poll(self.startup_timeout) else ("error", "a query worker did not start in time")
        except (EOFError, OSError):
            msg = ("error", "a query worker exited while starting")
        worker = _Worker(proc, conn, msg[1] if msg[0] == "ready" else {})
        if msg[0] != "ready":
            self.last_error = msg[1]
            worker.kill()
            return
        with self.lock:
            if self.closed:
                worker.kill()
                return
            self.all.add(worker)
        self.idle.put(worker)
        self.started.set()

    def pids(self) -> list[int]:
        with self.lock:
            return sorted(w.proc.pid for w in self.all)

    def isolated(self) -> bool:
        with self.lock:
            return bool(self.all) and all(w.info.get("isolated") for w in self.all)

    def wait_ready(self, timeout: float = 60.0) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self.lock:
                if len(self.all) >= self.size:
                    return True
            time.sleep(0.05)
        return False

    def _discard(self, worker: _Worker) -> None:
        with self.lock:
            self.all.discard(worker)
        worker.kill()
        self._spawn_later()

    def run(self, job: dict, timeout: float) -> dict:
        """Run a job on a free worker within ``timeout`` seconds, or stop it."""
        if self.closed:
            raise PoolBusy("the server is shutting down")
        # wait for a free worker: up to the time limit, longer while the first ones are starting
        deadline = time.monotonic() + (max(timeout, 1.0) if self.started.is_set() else max(timeout, self.startup_timeout))
        while True:
            try:
                worker = self.idle.get(timeout=0.05)
                break
            except queue.Empty:
                with self.lock:
                    none_left = self.pending == 0 and not self.all
                if none_left:
                    raise PoolBusy(self.last_error or "no query worker is running") from None
                if time.monotonic() > deadline:
                    raise PoolBusy("all query workers are busy; try again shortly") from None
        try:
            worker.conn.send(job)
            if not worker.conn.poll(timeout):
                self.kills += 1
                self._discard(worker)
                raise QueryTimeout(f"The query ran longer than {timeout:g} s and was stopped.")
            status, payload = worker.conn.recv()
        except (EOFError, OSError) as exc:
            self._discard(worker)
            raise QueryFailed(f"the query worker stopped unexpectedly ({type(exc).__name__})", bad=False) from None
        self.idle.put(worker)
        if status == "ok":
            return payload
        raise QueryFailed(payload, bad=status == "bad", too_large=status == "toolarge")

    def close(self) -> None:
        """Stop every worker (idempotent)."""
        with self.lock:
            if self.closed:
                return
            self.closed = True
            workers = list(self.all)
            self.all.clear()
        for w in workers:
            w.kill()


if __name__ == "__main__":  # a worker, started by QueryPool: python -m web.pool FD GRAPH ISOLATE
    worker_main(Connection(int(sys.argv[1])), sys.argv[2], sys.argv[3] == "1")
