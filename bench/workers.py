"""Measurements that run in their own process, so that each one's memory and imports are its own.

    python bench/workers.py jieba   --corpus DIR --bytes N
    python bench/workers.py oxigraph --store DIR --ttl FILE --queries JSON
    python bench/workers.py rdflib  --ttl FILE --queries JSON --timeout S

Each prints one JSON object on stdout. ``--queries`` is a JSON file: a list of
{"name", "text", "bindings": {var: N-Triples term}}; the oxigraph worker with ``--pick`` fills the
bindings with real values from the graph (see ``pick_bindings``) and prints them back.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path


def rss_mb() -> float:
    """Resident memory of this process now, in MB (from /proc; ru_maxrss as a fallback)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- jieba.posseg: the baseline the issue names --------------------------------------------------
def corpus_sample(corpus: Path, nbytes: int) -> list[str]:
    """Whole pages, in name order, until ``nbytes`` of UTF-8 text."""
    texts, total = [], 0
    for p in sorted(corpus.rglob("*.txt")):
        t = p.read_text(encoding="utf-8")
        texts.append(t)
        total += len(t.encode("utf-8"))
        if total >= nbytes:
            break
    return texts


def do_jieba(a) -> dict:
    t0 = time.perf_counter()
    import logging

    import jieba
    import jieba.posseg as pseg
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    init = time.perf_counter() - t0
    texts = corpus_sample(Path(a.corpus), a.bytes)
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    t0 = time.perf_counter()
    tokens = 0
    for t in texts:
        for line in t.splitlines():
            if line.strip():
                tokens += sum(1 for _ in pseg.cut(line))
    secs = time.perf_counter() - t0
    return {"bytes": nbytes, "seconds": secs, "init_seconds": init, "tokens": tokens,
            "mb_per_s": nbytes / 1e6 / secs}


# --- Oxigraph (the project's store) -----------------------------------------------------------------
PICKS = {
    # the busiest official: the worst case of a person-centred query
    "person": """SELECT ?v (COUNT(*) AS ?n) WHERE { ?p a gov:Participation ; gov:participant ?v }
                 GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1""",
    "event": """SELECT ?v (COUNT(*) AS ?n) WHERE { ?p a gov:Participation ; gov:event ?v }
                GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1""",
    "body": """SELECT ?v (COUNT(*) AS ?n) WHERE { ?m a org:Membership ; org:organization ?v }
               GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1""",
    "place": """SELECT ?v WHERE { ?v a schema:AdministrativeArea } ORDER BY ?v LIMIT 1""",
    "file": """SELECT ?v WHERE { ?f a gov:SourceFile ; gov:fileName ?v } ORDER BY ?v LIMIT 1""",
    # the busiest day
    "date": """SELECT ?v (COUNT(*) AS ?n) WHERE { ?e a schema:Event ; schema:startDate ?v }
               GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1""",
    "from": """SELECT (MIN(?d) AS ?v) WHERE { ?e a schema:Event ; schema:startDate ?d }""",
    "to": """SELECT (MAX(?d) AS ?v) WHERE { ?e a schema:Event ; schema:startDate ?d }""",
}
ALIASES = {"official": "person", "who": "person", "org": "body", "organization": "body", "organisation": "body",
           "meeting": "event", "start": "from", "since": "from", "end": "to", "until": "to", "fileName": "file",
           "on": "date", "day": "date"}


def pick_bindings(store, wanted: set[str]) -> dict[str, str]:
    """Real values from the graph for the variables named queries take, as N-Triples terms."""
    out: dict[str, str] = {}
    for var in sorted(wanted):
        key = ALIASES.get(var, var)
        if key in ("name", "title", "fact", "membership"):
            person = pick_bindings(store, {"person"}).get("person")
            if not person:
                continue
            q = {"name": "SELECT ?v WHERE { %s rdfs:label ?v } LIMIT 1",
                 "title": "SELECT ?v WHERE { ?m org:member %s ; gov:title ?v } ORDER BY ?v LIMIT 1",
                 }.get(key, "SELECT ?v WHERE { ?v org:member %s } ORDER BY ?v LIMIT 1") % person
        elif key in PICKS:
            q = PICKS[key]
        else:
            continue
        rows = list(store.query(q))
        if rows and rows[0]["v"] is not None:
            out[var] = str(rows[0]["v"])
    return out


def parse_term(text: str):
    import pyoxigraph as ox
    return next(iter(ox.parse(f"<urn:s> <urn:p> {text} .", format=ox.RdfFormat.N_TRIPLES))).object


def do_oxigraph(a) -> dict:
    base = rss_mb()
    t0 = time.perf_counter()
    from kg.store import Store
    imp = time.perf_counter() - t0
    out: dict = {"import_seconds": imp}
    queries = json.loads(Path(a.queries).read_text())
    if a.ttl:                                   # Turtle into an in-memory store: load time, memory
        m0 = rss_mb()
        t0 = time.perf_counter()
        mem = Store.open(a.ttl)
        out["ttl_load_seconds"] = time.perf_counter() - t0
        out["ttl_triples"] = len(mem)
        out["ttl_mem_mb"] = rss_mb() - m0
        del mem
    m0 = rss_mb()
    t0 = time.perf_counter()
    store = Store.open(a.store)                 # what `kg serve` does with a built store
    bool(store.inner.query("ASK { ?s ?p ?o }"))
    out["store_open_seconds"] = time.perf_counter() - t0
    out["triples"] = sum(1 for _ in store.query("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }"))
    out["quads"] = len(store)
    wanted = {v for q in queries for v in q.get("takes", [])}
    picked = pick_bindings(store, wanted)
    out["bindings"] = picked
    # each query in its own process (the store opened read-only there too), killed after --cap:
    # Oxigraph cannot interrupt a query, and one slow query must not stall the run
    # what kg serve does next: copy the folder into memory (in the background there), timed here
    t0 = time.perf_counter()
    store.load_into_memory()
    out["memory_copy_seconds"] = time.perf_counter() - t0
    out["memory_copy_mb"] = rss_mb() - m0
    del store
    for mode in ("folder", "memory"):
        results = []
        for i, q in enumerate(queries):
            missing = [v for v in q.get("takes", []) if v not in picked]
            if missing:
                results.append({"name": q["name"], "error": f"no value to bind for ?{', ?'.join(missing)}"})
                continue
            cmd = [sys.executable, __file__, "oxone", "--store", a.store, "--queries", a.queries, "--index", str(i),
                   "--bindings", json.dumps(picked), "--repeat", str(a.repeat), "--budget", str(a.budget)]
            cmd += ["--memory"] if mode == "memory" else []
            try:
                # in memory, the cap comes on top of the time the copy takes
                done = subprocess.run(cmd, capture_output=True, text=True,
                                      timeout=a.cap + (out["memory_copy_seconds"] * 3 + 30 if mode == "memory" else 0))
                r = json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0 else \
                    {"error": done.stderr.strip().splitlines()[-1][:300] if done.stderr.strip() else f"rc {done.returncode}"}
            except subprocess.TimeoutExpired:
                r = {"timeout": a.cap}
            r["name"] = q["name"]
            results.append(r)
        out["queries" if mode == "folder" else "memory_queries"] = results
    out["store_rss_mb"] = rss_mb() - m0
    out["base_rss_mb"] = base
    out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def do_oxone(a) -> dict:
    """One named query on the store folder (or with --memory, on its copy in memory, as kg serve
    queries once the copy is made): first run, then warm runs until --repeat or --budget."""
    from kg.store import Store
    q = json.loads(Path(a.queries).read_text())[a.index]
    picked = json.loads(a.bindings)
    store = Store.open(a.store)
    if a.memory:
        store.load_into_memory()
    binds = {v: parse_term(picked[v]) for v in q.get("takes", [])}
    times, rows = [], 0
    deadline = time.perf_counter() + a.budget
    for k in range(a.repeat):
        t0 = time.perf_counter()
        rows = sum(1 for _ in store.query(q["text"], binds or None))
        times.append(time.perf_counter() - t0)
        if time.perf_counter() > deadline:
            break
    return {"first": times[0], "median": statistics.median(times[1:] or times), "runs": len(times), "rows": rows}


# --- rdflib's default memory store: the other baseline ------------------------------------------------
def do_rdflib(a) -> dict:
    import multiprocessing as mp

    import rdflib

    from kg.ontology import PREFIXES
    queries = json.loads(Path(a.queries).read_text())
    bindings = json.loads(a.bindings) if a.bindings else {}
    m0 = rss_mb()
    t0 = time.perf_counter()
    g = rdflib.Graph()
    g.parse(a.ttl, format="turtle")
    out: dict = {"load_seconds": time.perf_counter() - t0, "triples": len(g), "mem_mb": rss_mb() - m0}
    ns = {k: rdflib.Namespace(v) for k, v in PREFIXES.items()}
    # warm up rdflib's SPARQL parser and evaluator once here, so no child pays for it
    list(g.query("SELECT ?s WHERE { ?s a ?o } LIMIT 1", initNs=ns))

    def to_rdflib(text: str):
        from rdflib.util import from_n3
        return from_n3(text)

    def child(conn, q):
        try:
            init = {rdflib.Variable(v): to_rdflib(bindings[v]) for v in q.get("takes", [])}
            t0 = time.perf_counter()
            rows = sum(1 for _ in g.query(q["text"], initNs=ns, initBindings=init))
            conn.send({"seconds": time.perf_counter() - t0, "rows": rows})
        except Exception as exc:
            conn.send({"error": f"{type(exc).__name__}: {exc}"[:300]})

    ctx = mp.get_context("fork")               # the child shares the parsed graph, copy-on-write
    results = []
    for q in queries:
        if any(v not in bindings for v in q.get("takes", [])):
            results.append({"name": q["name"], "error": "no binding"})
            continue
        parent, conn = ctx.Pipe(duplex=False)
        p = ctx.Process(target=child, args=(conn, q))
        t0 = time.perf_counter()
        p.start()
        if parent.poll(a.timeout):
            r = parent.recv()
        else:
            r = {"timeout": a.timeout, "seconds": time.perf_counter() - t0}
        p.kill()
        p.join()
        r["name"] = q["name"]
        results.append(r)
    out["queries"] = results
    return out


def do_viewer(a) -> dict:
    """Server time of the viewer's heaviest pages on the built store (Flask's test client, no
    network), median of runs: the busiest person's page and depth-2 graph view, and the depth-2
    graph view of the best connected node (a city's 市委: 1,000 nodes, the cap). The graph views'
    index is timed on its own first (``_index``): kg serve builds it in the background at start."""
    import time
    from urllib.parse import quote

    from kg.store import Store
    from web.app import create_app

    store = Store.open(a.store)
    if a.memory:
        store.load_into_memory()
    app = create_app(store, {"TESTING": True, "GRAPH": a.store, "GRAPH_MAX_NODES": 1000})
    client = app.test_client()
    state = app.extensions["govkg"]
    index = state.network()
    t0 = time.perf_counter()
    index.build()
    out: dict = {"_index": {"seconds": time.perf_counter() - t0, "nodes": len(index.nodes)}}
    hub = min(index.adj, key=lambda n: (-len(index.adj[n]), n))
    hub_kind, hub_key = state.g.local(hub)
    key = a.person.strip("<>").rsplit("/person/", 1)[1]
    urls = {"person page, busiest person": f"/person/{quote(key)}",
            "graph view of the busiest person, depth 2, <= 1000 nodes": f"/network/person/{quote(key)}.json?depth=2&max=1000",
            f"graph view of the best connected node ({index.nodes[hub][1]}), depth 2, <= 1000 nodes":
                f"/network/{hub_kind}/{quote(hub_key)}.json?depth=2&max=1000"}
    for name, url in urls.items():
        first = time.perf_counter()
        resp = client.get(url)
        first = time.perf_counter() - first
        runs = []
        for _ in range(a.repeat):
            t0 = time.perf_counter()
            client.get(url)
            runs.append(time.perf_counter() - t0)
        body = resp.get_json() if url.endswith(("json", "1000")) else None
        out[name] = {"status": resp.status_code, "first": first, "median": sorted(runs)[len(runs) // 2],
                     "nodes": body.get("shown") if isinstance(body, dict) else None}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    j = sub.add_parser("jieba")
    j.add_argument("--corpus", required=True)
    j.add_argument("--bytes", type=int, default=500_000)
    o = sub.add_parser("oxigraph")
    o.add_argument("--store", required=True)
    o.add_argument("--ttl")
    o.add_argument("--queries", required=True)
    o.add_argument("--repeat", type=int, default=7)
    o.add_argument("--budget", type=float, default=5.0, help="seconds per query before fewer repeats")
    o.add_argument("--cap", type=float, default=60.0, help="seconds before a query is killed")
    one = sub.add_parser("oxone")
    one.add_argument("--store", required=True)
    one.add_argument("--queries", required=True)
    one.add_argument("--index", type=int, required=True)
    one.add_argument("--bindings", default="{}")
    one.add_argument("--repeat", type=int, default=7)
    one.add_argument("--budget", type=float, default=5.0)
    one.add_argument("--memory", action="store_true", help="query the store's copy in memory")
    r = sub.add_parser("rdflib")
    r.add_argument("--ttl", required=True)
    r.add_argument("--queries", required=True)
    r.add_argument("--bindings", default="")
    r.add_argument("--timeout", type=float, default=30)
    v = sub.add_parser("viewer")
    v.add_argument("--store", required=True)
    v.add_argument("--person", required=True)
    v.add_argument("--repeat", type=int, default=5)
    v.add_argument("--memory", action="store_true", help="serve from the store's copy in memory")
    a = ap.parse_args(argv)
    fn = {"jieba": do_jieba, "oxigraph": do_oxigraph, "oxone": do_oxone, "rdflib": do_rdflib,
          "viewer": do_viewer}[a.cmd]
    out = fn(a)
    sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    os._exit(0)          # skip freeing a large graph object by object


if __name__ == "__main__":
    main()
