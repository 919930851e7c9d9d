"""Load on the SPARQL endpoint (issue 8): N concurrent clients for a fixed time against `kg serve`,
on loopback only, first with the named queries alone, then with one client sending a
pathological query (a cross product) the whole time.

    python bench/load.py --graph out/seeds.store --clients 16 --seconds 60
    python bench/load.py --url http://127.0.0.1:5000/sparql --clients 4 --seconds 10 --json out.json
    python bench/load.py --graph bench/out/graph.store ...   # the synthetic 1M-triple graph of bench/run.py

Without --url it starts `kg serve GRAPH` itself on a free loopback port (in its own process
group, stopped at the end) and waits for it to answer. Requests follow the SPARQL 1.1 Protocol:
GET /sparql?query=... with Accept: application/sparql-results+json. Each phase lasts --seconds/2.

Printed per phase: requests served, errors (any non-200 answer to a named query, dropped or
refused connections, client timeouts, and 5xx answers to the pathological query other than 503,
the documented "stopped at the time limit"), p50/p90/p99/max latency of the named queries; the
pathological client's outcomes by status; the p99 ratio between the phases (target <= 2x).
Exit 1 when any error was seen (so a CI wrapper can assert).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# sent in turn by the pathological client: a cross product whose answer is enormous, and one that
# only counts (so it runs into the server's time limit instead of its result-size cap)
PATHOLOGICAL = ["SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"]
ACCEPT = "application/sparql-results+json"
MAX_CLIENTS = 64                     # bounded: this is a loopback load test, not a flood
MAX_SECONDS = 600


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)   # seconds, named queries answered 200
    statuses: dict[int, int] = field(default_factory=dict)
    dropped: int = 0                 # connection reset/refused/closed without an answer
    timeouts: int = 0                # no answer within the client timeout
    bad_json: int = 0
    patho_5xx: int = 0               # 5xx answers to the pathological query other than 503 (time limit)
    patho: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **kw) -> None:
        with self.lock:
            for k, v in kw.items():
                if k == "latency":
                    self.latencies.append(v)
                elif k == "status":
                    self.statuses[v] = self.statuses.get(v, 0) + 1
                elif k == "patho":
                    self.patho[v] = self.patho.get(v, 0) + 1
                else:
                    setattr(self, k, getattr(self, k) + v)

    @property
    def served(self) -> int:
        return sum(self.statuses.values())

    @property
    def errors(self) -> int:
        non_ok = sum(n for s, n in self.statuses.items() if s != 200)
        return non_ok + self.dropped + self.timeouts + self.bad_json + self.patho_5xx

    def summary(self) -> dict:
        lat = sorted(self.latencies)

        def pct(p: float) -> float | None:
            if not lat:
                return None
            return round(lat[min(len(lat) - 1, int(p * len(lat)))] * 1000, 1)

        return {"served": self.served, "named_ok": len(lat), "statuses": dict(sorted(self.statuses.items())),
                "errors": self.errors, "dropped": self.dropped, "timeouts": self.timeouts,
                "bad_json": self.bad_json, "pathological_5xx": self.patho_5xx, "p50_ms": pct(0.50), "p90_ms": pct(0.90), "p99_ms": pct(0.99),
                "max_ms": round(lat[-1] * 1000, 1) if lat else None,
                "mean_ms": round(statistics.fmean(lat) * 1000, 1) if lat else None,
                "pathological": dict(sorted(self.patho.items()))}


def named_queries(folder: Path) -> dict[str, str]:
    out = {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.rq"))}
    if not out:
        raise SystemExit(f"load.py: no .rq files in {folder}")
    return out


PEOPLE = """PREFIX gov: <https://govkg.org/ns#>
SELECT ?p (COUNT(*) AS ?n) WHERE { ?x gov:participant ?p } GROUP BY ?p ORDER BY DESC(?n) ?p LIMIT 20"""


def interactive_mix(url, queries: dict[str, str], timeout: float) -> list[tuple[str, str]]:
    """The named queries as the viewer's users send them: those that take ``?person`` bound to
    one of the 20 busiest people of the graph (a VALUES block, kg.sparqltext.inline_values), the
    others with LIMIT 100 (a page of results, not a dump of the whole graph)."""
    import pyoxigraph as ox

    from kg.sparqltext import inline_values
    status, body, _ = request(url, PEOPLE, timeout)
    people = [b["p"]["value"] for b in json.loads(body)["results"]["bindings"]] if status == 200 else []
    out: list[tuple[str, str]] = []
    for name, text in queries.items():
        if "# Bind: ?person" in text and people:
            for k, iri in enumerate(people):
                out.append((f"{name}?person#{k}", inline_values(text, {"person": ox.NamedNode(iri)})))
        elif not re.search(r"\bLIMIT\s+\d+\s*$", text, re.I):
            out.append((name + " LIMIT 100", text.rstrip() + "\nLIMIT 100"))
        else:
            out.append((name, text))
    random.Random(7).shuffle(out)
    return out


def request(url: urllib.parse.SplitResult, query: str, timeout: float) -> tuple[int | None, bytes, str]:
    """One GET /sparql?query=...: (status or None, body, failure kind)."""
    conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=timeout)
    target = url.path + "?" + urllib.parse.urlencode({"query": query})
    try:
        conn.request("GET", target, headers={"Accept": ACCEPT, "Connection": "close"})
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, body, ""
    except TimeoutError:
        return None, b"", "timeout"
    except (ConnectionError, http.client.HTTPException, OSError):
        return None, b"", "dropped"
    finally:
        conn.close()


def named_client(url, queries: list[tuple[str, str]], until: float, tally: Tally, timeout: float, offset: int) -> None:
    i = offset
    while time.monotonic() < until:
        _, q = queries[i % len(queries)]
        i += 1
        t0 = time.monotonic()
        status, body, failure = request(url, q, timeout)
        took = time.monotonic() - t0
        if status is None:
            tally.add(**{failure + "s" if failure == "timeout" else failure: 1})
            continue
        tally.add(status=status)
        if status == 200:
            try:
                json.loads(body)["results"]["bindings"]
            except (ValueError, KeyError, TypeError):
                tally.add(bad_json=1)
                continue
            tally.add(latency=took)


def pathological_client(url, until: float, tally: Tally, timeout: float) -> None:
    i = 0
    while time.monotonic() < until:
        status, _, failure = request(url, PATHOLOGICAL[i % len(PATHOLOGICAL)], timeout)
        i += 1
        if status is None:
            tally.add(patho=failure, **{failure + "s" if failure == "timeout" else failure: 1})
        elif status == 200:
            tally.add(patho="completed (200)")
        elif status == 503:
            tally.add(patho="stopped (503)")
        else:
            tally.add(patho=f"status {status}")
            if status >= 500:
                tally.add(patho_5xx=1)
        time.sleep(0.05)


def run_phase(url, queries, clients: int, seconds: float, timeout: float, pathological: bool) -> Tally:
    tally = Tally()
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=named_client, args=(url, queries, until, tally, timeout, k), daemon=True)
               for k in range(clients - (1 if pathological else 0))]
    if pathological:
        threads.append(threading.Thread(target=pathological_client, args=(url, until, tally, timeout), daemon=True))
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + timeout + 30)
    return tally


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(graph: str, port: int, query_timeout: float | None, threads: int | None,
                 wait: float = 120) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "kg.cli", "serve", graph, "--host", "127.0.0.1", "--port", str(port)]
    if query_timeout is not None:
        cmd += ["--timeout", str(query_timeout)]
    if threads is not None:
        cmd += ["--threads", str(threads)]
    # the server's log goes to a file: a pipe nobody drains fills up and stops the server mid-run
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            err = log.read().decode(errors="replace")
            raise SystemExit(f"load.py: kg serve exited with {proc.returncode}:\n{err[-2000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/")
            conn.getresponse().read()
            conn.close()
            return proc
        except OSError:
            time.sleep(0.2)
    stop_server(proc)
    raise SystemExit(f"load.py: kg serve did not answer on port {port} within {wait:.0f} s")


def stop_server(proc: subprocess.Popen) -> None:
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    if proc.stderr:
        proc.stderr.close()


def check_endpoint(url, timeout: float) -> None:
    status, body, failure = request(url, "ASK { ?s ?p ?o }", timeout)
    if status != 200:
        detail = failure or f"HTTP {status}: {body[:200].decode(errors='replace')}"
        raise SystemExit(f"load.py: {urllib.parse.urlunsplit(url)} does not answer a SPARQL query ({detail})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--graph", default=None, help="Graph to serve (file or store folder); default out/seeds.store, "
                    "else out/seeds.ttl.")
    ap.add_argument("--url", default=None, help="An endpoint already running (http://127.0.0.1:PORT/sparql): "
                    "no server is started. Loopback addresses only.")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=60, help="Total duration; each of the two phases gets half.")
    ap.add_argument("--queries", default=str(ROOT / "queries"), help="Folder of named .rq queries.")
    ap.add_argument("--request-timeout", type=float, default=60, help="Client-side timeout per request (s).")
    ap.add_argument("--server-timeout", type=float, default=None, help="kg serve --timeout (query time limit).")
    ap.add_argument("--server-threads", type=int, default=None, help="kg serve --threads.")
    ap.add_argument("--no-pathological", action="store_true", help="Only the first phase.")
    ap.add_argument("--mix", choices=["interactive", "raw"], default="interactive",
                    help="interactive: queries taking ?person bound to busy people, the others with LIMIT 100 "
                         "(what the viewer's users send); raw: every named query as written, unbound "
                         "(whole-graph dumps: seconds each on a 1M-triple graph)")
    ap.add_argument("--json", default=None, help="Also write the figures here.")
    args = ap.parse_args(argv)
    if not 1 <= args.clients <= MAX_CLIENTS:
        ap.error(f"--clients must be 1..{MAX_CLIENTS}")
    if not 0 < args.seconds <= MAX_SECONDS:
        ap.error(f"--seconds must be in (0, {MAX_SECONDS}]")
    if not args.no_pathological and args.clients < 2:
        ap.error("--clients must be at least 2 with the pathological phase")

    proc = None
    if args.url:
        url = urllib.parse.urlsplit(args.url)
        if url.scheme != "http" or url.hostname not in ("127.0.0.1", "localhost", "::1"):
            ap.error("--url must be http:// on loopback (127.0.0.1, localhost, ::1)")
        graph = None
    else:
        graph = args.graph
        if graph is None:
            for cand in ("out/seeds.store", "out/seeds.ttl"):
                if (ROOT / cand).exists():
                    graph = str(ROOT / cand)
                    break
            else:
                ap.error("no --graph and no out/seeds.store: run `make build` or give --graph")
        port = free_port()
        proc = start_server(graph, port, args.server_timeout, args.server_threads)
        url = urllib.parse.urlsplit(f"http://127.0.0.1:{port}/sparql")
    try:
        check_endpoint(url, args.request_timeout)
        named = named_queries(Path(args.queries))
        queries = interactive_mix(url, named, args.request_timeout) if args.mix == "interactive" else list(named.items())
        phase = args.seconds if args.no_pathological else args.seconds / 2
        results = {"url": urllib.parse.urlunsplit(url), "graph": graph, "clients": args.clients,
                   "seconds_per_phase": phase, "queries": [n for n, _ in queries], "pathological_query": PATHOLOGICAL}
        print(f"load: {args.clients} clients, {phase:g} s per phase, {len(queries)} named queries, "
              f"{results['url']}", flush=True)
        base = run_phase(url, queries, args.clients, phase, args.request_timeout, pathological=False)
        results["named_only"] = base.summary()
        _print("named queries only", results["named_only"])
        tallies = [base]
        if not args.no_pathological:
            mixed = run_phase(url, queries, args.clients, phase, args.request_timeout, pathological=True)
            results["with_pathological"] = mixed.summary()
            _print(f"named queries ({args.clients - 1} clients) + 1 pathological", results["with_pathological"])
            tallies.append(mixed)
            a, b = results["named_only"]["p99_ms"], results["with_pathological"]["p99_ms"]
            if a and b:
                results["p99_ratio"] = round(b / a, 2)
                print(f"p99 with the pathological query / without: {results['p99_ratio']}x (target <= 2x)")
        results["errors"] = sum(t.errors for t in tallies)
        print(f"errors: {results['errors']} (target 0)")
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
        return 1 if results["errors"] else 0
    finally:
        if proc is not None:
            stop_server(proc)


def _print(title: str, s: dict) -> None:
    print(f"\n[{title}]")
    print(f"  requests served: {s['served']} (named 200: {s['named_ok']}), statuses: {s['statuses']}")
    print(f"  errors: {s['errors']} (dropped {s['dropped']}, client timeouts {s['timeouts']}, bad JSON {s['bad_json']}, "
          f"5xx other than 503 to the pathological query {s['pathological_5xx']})")
    print(f"  named latency ms: p50 {s['p50_ms']}  p90 {s['p90_ms']}  p99 {s['p99_ms']}  max {s['max_ms']}")
    if s["pathological"]:
        print(f"  pathological query: {s['pathological']}")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
