"""Scale-out figures: build throughput on a Dask local cluster with 1 and 2 workers, load time into
each SPARQL server, and latency of the named queries on each server against the embedded store.

    python bench/servers.py [--articles 9000] [--repeat 5] [--json bench/out/servers.json]

The corpus is bench/corpus.py's synthetic one (9,000 articles ≈ 1M quads), generated on first use
(or the seeds replicated when bench/corpus.py is missing). Oxigraph comes from PyPI's `oxigraph`;
Virtuoso from Debian's `virtuoso-opensource` and is skipped when `virtuoso-t` is not installed.
Every server runs on a free loopback port with its data in a temporary folder and is stopped by PID.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from kg.backends.launch import start_oxigraph, start_virtuoso, virtuoso_binary  # noqa: E402 (after sys.path)
from kg.build import build  # noqa: E402
from kg.store import Store  # noqa: E402

QUERIES = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
BUSIEST = """SELECT ?person (COUNT(*) AS ?n) WHERE { ?p a <https://govkg.org/ns#Participation> ;
  <https://govkg.org/ns#participant> ?person } GROUP BY ?person ORDER BY DESC(?n) STR(?person) LIMIT 1"""
# queries/events.rq puts its OPTIONAL before the path join, and Oxigraph's planner then runs the
# path once per event (22 s embedded, 11.5 s on the server, 74 ms on Virtuoso at 79k quads; worse
# than quadratic beyond). Unless --as-written, events is timed with the OPTIONAL last: same rows.
EVENTS_OPTIONAL = """  OPTIONAL { ?event gov:eventKind ?kind }
  ?mention gov:inArticle/gov:sourceFile/gov:fileName ?file ."""
EVENTS_REORDERED = """  ?mention gov:inArticle/gov:sourceFile/gov:fileName ?file .
  OPTIONAL { ?event gov:eventKind ?kind }"""


def query_text(name: str, as_written: bool) -> tuple[str, str]:
    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    if name == "events" and not as_written and EVENTS_OPTIONAL in text:
        return "events (OPTIONAL last)", text.replace(EVENTS_OPTIONAL, EVENTS_REORDERED)
    return name, text


def corpus(articles: int) -> Path:
    try:
        sys.path.insert(0, str(HERE))
        import corpus as gen  # bench/corpus.py
        pages, _ = gen.ensure(HERE / "corpus" / f"a{articles}-s7", articles)
        return pages
    except ImportError:  # pragma: no cover - the seeds, replicated
        out = HERE / "corpus" / f"seeds-x{articles // 44}"
        if not out.exists():
            out.mkdir(parents=True)
            for i in range(max(1, articles // 44)):
                for p in sorted((ROOT / "seeds").iterdir()):
                    (out / f"{i:05d}_{p.name}").write_bytes(p.read_bytes())
        return out


def extract_only(pages: Path, engine: str, workers: int) -> tuple[int, float]:
    """Extraction alone (what an engine distributes): documents → records, no resolution."""
    from kg.engines import extract_batch, read_batch, run_dask
    from kg.ingest import discover
    from kg.lexicon import Lexicon
    files, _ = discover([str(pages)])
    work = [(str(p), n) for p, n in files]
    lexicon = Lexicon.load()
    t0 = time.perf_counter()
    if engine == "local":
        docs, _ = read_batch(work)
        n = len(extract_batch(docs, lexicon))
    else:
        n = sum(1 for _ in run_dask(work, lexicon, workers=workers))
    return n, time.perf_counter() - t0


def timed(fn, *args, **kw):
    t0 = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t0


def latency(store, text: str, repeat: int, bindings: dict | None = None) -> tuple[float, int]:
    times, n = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        n = sum(1 for _ in store.query(text, bindings))
        times.append(time.perf_counter() - t0)
    return statistics.median(times), n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=9000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", default=str(HERE / "out" / "servers.json"))
    ap.add_argument("--no-virtuoso", action="store_true")
    ap.add_argument("--as-written", action="store_true", help="time queries/events.rq unchanged (slow on Oxigraph)")
    args = ap.parse_args(argv)

    pages = corpus(args.articles)
    files = sum(1 for p in pages.rglob("*") if p.is_file())
    mb = sum(p.stat().st_size for p in pages.rglob("*") if p.is_file()) / 1e6
    report: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                    "corpus": {"path": str(pages.relative_to(ROOT)), "files": files, "mb": round(mb, 1)},
                    "build": {}, "load": {}, "queries": {}}
    print(f"corpus: {files} files, {mb:.1f} MB ({pages})", flush=True)

    # --- build throughput -------------------------------------------------------------------------
    result = None
    for label, kw in [("local, 1 process", {"jobs": 1}), ("dask, 1 worker", {"engine": "dask", "jobs": 1}),
                      ("dask, 2 workers", {"engine": "dask", "jobs": 2})]:
        r, secs = timed(build, [str(pages)], **kw)
        if result is None:
            result = r
        else:
            assert r.dataset.nquads() == result.dataset.nquads(), f"{label}: other bytes"
        report["build"][label] = {"seconds": round(secs, 2), "files_per_s": round(r.files_read / secs, 1),
                                  "articles_per_s": round(r.articles / secs, 1), "quads": len(r.dataset)}
        print(f"build {label:18s} {secs:7.1f} s  {r.files_read / secs:7.1f} files/s  "
              f"{r.articles / secs:7.1f} articles/s", flush=True)
    for label, engine, workers in [("local, 1 process", "local", 1), ("dask, 1 worker", "dask", 1),
                                   ("dask, 2 workers", "dask", 2)]:
        n, secs = extract_only(pages, engine, workers)
        report["build"][label]["extract_seconds"] = round(secs, 2)
        report["build"][label]["extract_files_per_s"] = round(n / secs, 1)
        print(f"extract only {label:18s} {secs:7.1f} s  {n / secs:7.1f} files/s", flush=True)
    quads = result.dataset                 # loaded as N-Quads bytes, as `kg build --store` does
    print(f"graph: {len(quads)} quads", flush=True)

    with tempfile.TemporaryDirectory(prefix="govkg-bench-") as tmp:
        tmp = Path(tmp)
        # --- embedded --------------------------------------------------------------------------------
        from kg.store import write_store_dir
        _, secs = timed(write_store_dir, tmp / "g.store", quads)
        report["load"]["embedded store folder"] = {"seconds": round(secs, 2)}
        print(f"load embedded store folder  {secs:6.1f} s", flush=True)
        stores = {"embedded": Store.open(tmp / "g.store")}
        servers = []
        try:
            srv = start_oxigraph(tmp / "oxigraph")
            servers.append(srv)
            stores["oxigraph"] = Store.open(srv.url)
            if not args.no_virtuoso and virtuoso_binary():
                srv = start_virtuoso(tmp / "virtuoso")
                servers.append(srv)
                os.environ.update(srv.env)
                stores["virtuoso"] = Store.open(srv.url)
            for name, store in stores.items():
                if name == "embedded":
                    continue
                rep, secs = timed(store.load, quads)
                assert len(store) == len(quads)
                report["load"][name] = {"seconds": round(secs, 2), "requests": rep.requests,
                                        "quads_per_s": round(len(quads) / secs)}
                print(f"load {name:22s} {secs:6.1f} s  ({rep.requests} requests, "
                      f"{len(quads) / secs:,.0f} quads/s)", flush=True)
            person = next(iter(stores["embedded"].query(BUSIEST)))["person"]
            print(f"bound queries take ?person = {person} (the most participations)", flush=True)
            for q in QUERIES:
                q, text = query_text(q, args.as_written)
                for bindings in (None, {"person": person}):
                    if bindings and "# Bind: ?person" not in text:
                        continue
                    label = q + (" ?person" if bindings else "")
                    row = {}
                    for name, store in stores.items():
                        try:
                            latency(store, text, 1, bindings)  # warm
                            secs, n = latency(store, text, args.repeat, bindings)
                        except Exception as exc:       # a server's refusal is a figure too
                            row[name] = {"ms": float("nan"), "rows": -1, "error": str(exc)[:200]}
                            continue
                        row[name] = {"ms": round(secs * 1000, 1), "rows": n}
                    counts = {v["rows"] for v in row.values()}
                    note = "" if len(counts) == 1 else "  ROW COUNTS DIFFER"
                    report["queries"][label] = row
                    print(f"query {label:28s} " + "  ".join(f"{k} {v['ms']:8.1f} ms" for k, v in row.items())
                          + f"  ({row['embedded']['rows']} rows){note}", flush=True)
        finally:
            for srv in servers:
                srv.stop()
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
