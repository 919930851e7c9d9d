"""Where the time of ``kg build`` goes: stage timings (no profiler overhead), then cProfile's top functions.

    .venv/bin/python bench/profile_build.py bench/corpus/a6000-s7/pages [-o OUT.ttl] [--top 30]

Stages are timed by wrapping the functions ``kg.build`` calls (extract_document, Resolver.run,
Emitter.file_graph / resolved_graph, Dataset.write / load_into) in place; a stage whose function
is renamed is left out.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

T: dict[str, float] = defaultdict(float)


def timed(name, fn):
    def wrapper(*a, **k):
        t0 = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            T[name] += time.perf_counter() - t0
    return wrapper


def instrument() -> None:
    import kg.build as b
    import kg.store as s
    for name, label in (("extract_document", "extract (per document)"), ("read_document", "read + decode")):
        if hasattr(b, name):
            setattr(b, name, timed(label, getattr(b, name)))
    if hasattr(b, "Resolver"):
        b.Resolver.run = timed("resolve", b.Resolver.run)
    if hasattr(b, "Emitter"):
        b.Emitter.file_graph = timed("emit: file graphs", b.Emitter.file_graph)
        b.Emitter.facts_of = timed("emit: facts of the resolved graph", b.Emitter.facts_of)
        b.Emitter.resolved_graph_of = timed("emit: resolved graph", b.Emitter.resolved_graph_of)
    if hasattr(b, "LocalRun"):
        b.LocalRun.emit = timed("emit: all, --jobs (file graphs in workers, resolved graph here)", b.LocalRun.emit)
    if hasattr(b, "Dataset"):
        b.Dataset.write = timed("write: Dataset.write", b.Dataset.write)
        b.Dataset.load_into = timed("write: Dataset.load_into", b.Dataset.load_into)
    for mod in (b, s):
        for name in ("serialize", "write_store_dir", "_sorted_quads"):
            if hasattr(mod, name) and not getattr(getattr(mod, name), "_wrapped", False):
                w = timed(f"write: {name}", getattr(mod, name))
                w._wrapped = True
                setattr(mod, name, w)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src")
    ap.add_argument("-o", "--out", default=None, help="output (default a temporary .ttl)")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--no-cprofile", action="store_true")
    ap.add_argument("--jobs", type=int, default=1, help="as kg build --jobs (stages in workers are not timed; "
                    "'emit: all' is the parent's time from the resolution to the last block)")
    a = ap.parse_args(argv)
    out = a.out or str(Path(tempfile.mkdtemp()) / "out.ttl")

    t0 = time.perf_counter()
    import kg.build as b
    from kg.store import format_for
    T["import kg"] = time.perf_counter() - t0
    instrument()
    t0 = time.perf_counter()
    res = b.build([a.src], jobs=a.jobs, out_format=format_for(out))
    T["build() total"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    b.write_output(res.dataset, out, format_for(out))
    T["write_output() total"] = time.perf_counter() - t0
    print(res.summary().splitlines()[0])
    print("\nstage timings, no profiler (s):")
    for k, v in T.items():
        print(f"  {k:32s} {v:8.2f}")
    if a.no_cprofile:
        return 0
    del res
    pr = cProfile.Profile()
    pr.enable()
    res = b.build([a.src], jobs=a.jobs, out_format=format_for(out))
    b.write_output(res.dataset, out, format_for(out))
    pr.disable()
    for key in ("tottime", "cumulative"):
        buf = io.StringIO()
        pstats.Stats(pr, stream=buf).sort_stats(key).print_stats(a.top)
        text = buf.getvalue()
        print(f"\ncProfile, top {a.top} by {key}:")
        print(text[text.find("   ncalls"):].replace(str(Path(b.__file__).parent.parent) + "/", ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
