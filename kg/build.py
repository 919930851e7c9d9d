"""``kg build``: files → documents → records → resolution → quads → an output file or store.

A plain function (``build``) that the CLI calls; it never raises for a bad input file (each is
reported with a one-line reason and skipped) and writes its output atomically.
"""

from __future__ import annotations

import multiprocessing as mp
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from .errors import IngestError, KgError
from .ingest import Document, Skipped, discover, read_document
from .lexicon import Lexicon
from .model import DateValue, DocumentFacts
from .ontology import G, IRIs
from .pipeline import Extractors, extract_document
from .resolve import Resolver
from .store import FORMATS, Store, atomic_write, format_for, serialize, write_store_dir
from .triples import emit


@dataclass
class BuildResult:
    files_read: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    articles: int = 0
    people: int = 0
    bodies: int = 0
    places: int = 0
    events: int = 0
    memberships: int = 0
    participations: int = 0
    triples: int | None = None        # distinct triples; counted when first asked for
    quads: list[ox.Quad] = field(default_factory=list, repr=False)

    def summary(self) -> str:
        if self.triples is None:
            self.triples = len({q.triple for q in self.quads})
        lines = [f"files read: {self.files_read}, articles: {self.articles}, people: {self.people}, "
                 f"bodies: {self.bodies}, places: {self.places}, events: {self.events}, "
                 f"memberships: {self.memberships}, participations: {self.participations}, "
                 f"triples: {self.triples}, files skipped: {len(self.skipped)}"]
        for s in self.skipped:
            lines.append(f"  skipped {s.path}: {s.reason}")
        return "\n".join(lines)


# --- worker processes --------------------------------------------------------------------------
_WORKER: dict = {}


def _init_worker(lexicon_dirs: list[str], date_option: DateValue | None) -> None:
    _WORKER["ex"] = Extractors(Lexicon.load(lexicon_dirs))
    _WORKER["date"] = date_option


def _work(item: tuple[str, str]) -> tuple[str, DocumentFacts | None, str | None]:
    path, name = item
    try:
        doc = read_document(Path(path), name)
        return name, extract_document(doc, _WORKER["ex"], _WORKER["date"]), None
    except IngestError as exc:
        return name, None, f"{exc.reason} [{exc.code}]"
    except Exception as exc:  # an extractor bug must not stop the build: report it, go on
        return name, None, f"extraction failed: {type(exc).__name__}: {exc} [E009]"


def _extract_doc(doc: Document) -> tuple[str, DocumentFacts | None, str | None]:
    try:
        return doc.name, extract_document(doc, _WORKER["ex"], _WORKER["date"]), None
    except Exception as exc:
        return doc.name, None, f"extraction failed: {type(exc).__name__}: {exc} [E009]"


def previous_documents(graph: str | Path) -> list[Document]:
    """The source files a built graph holds (kept in it for --update and the article view)."""
    store = Store.open(graph)
    rows = store.query("SELECT ?name ?text WHERE { ?f a gov:SourceFile ; gov:fileName ?name ; gov:content ?text }")
    return [Document(name=r["name"].value, text=r["text"].value) for r in rows]


def build(paths: list[str], *, lexicon_dirs: list[str] | None = None, date_option: DateValue | None = None,
          jobs: int = 1, base: str | None = None, update: str | None = None,
          progress: Callable | None = None, engine: str = "local", scheduler: str | None = None) -> BuildResult:
    lexicon_dirs = [str(d) for d in (lexicon_dirs or [])]
    result = BuildResult()
    files, skipped = discover(paths)
    result.skipped.extend(skipped)
    work = [(str(p), n) for p, n in files]
    paths = {n: p for p, n in work}
    facts: dict[str, DocumentFacts] = {}
    prior: list[Document] = previous_documents(update) if update else []

    _init_worker(lexicon_dirs, date_option)
    ex: Extractors = _WORKER["ex"]
    total = len(work) + len(prior)
    bar = progress(total) if progress and total > 1 else None
    try:
        if engine == "dask" and work:  # see kg/engines.py: same records, so the same output
            from .engines import run_dask
            for name, f, err in run_dask(work, ex.lexicon, date_option, scheduler=scheduler, workers=jobs,
                                         on_done=bar.update if bar else None):
                _collect(result, facts, name, f, err, paths)
        elif jobs > 1 and len(work) > 1:
            ctx = mp.get_context("fork" if sys.platform != "win32" else "spawn")
            with ctx.Pool(jobs, initializer=_init_worker, initargs=(lexicon_dirs, date_option)) as pool:
                for name, f, err in pool.imap(_work, work, chunksize=max(1, min(64, len(work) // (jobs * 8) or 1))):
                    _collect(result, facts, name, f, err, paths)
                    if bar:
                        bar.update(1)
        else:
            for item in work:
                name, f, err = _work(item)
                _collect(result, facts, name, f, err, paths)
                if bar:
                    bar.update(1)
        for doc in prior:
            if doc.name not in facts:
                name, f, err = _extract_doc(doc)
                if f is not None:
                    facts[name] = f
            if bar:
                bar.update(1)
    finally:
        if bar:
            bar.close()
    result.files_read = len([n for n in facts])
    docs = [facts[n] for n in sorted(facts)]
    if not docs:
        return result
    resolver = Resolver(ex.lexicon)
    res = resolver.run(docs)
    iris = IRIs(base) if base else IRIs()
    result.quads = list(emit(docs, res, resolver, iris, ex.lexicon, ex.versions))
    result.articles = sum(len(d.articles) for d in docs)
    result.people = len(res.people)
    result.bodies = len(res.bodies)
    result.places = len(res.places)
    type_counts: dict[str, int] = {}
    for q in result.quads:
        if q.predicate.value.endswith("#type"):
            type_counts[q.object.value] = type_counts.get(q.object.value, 0) + 1
    result.events = type_counts.get("https://schema.org/Event", 0)
    result.memberships = type_counts.get("http://www.w3.org/ns/org#Membership", 0)
    result.participations = type_counts.get(G["Participation"].value, 0)
    return result


def _collect(result: BuildResult, facts: dict, name: str, f, err, paths: dict[str, str]) -> None:
    if f is None:
        result.skipped.append(Skipped(paths.get(name, name), err or "unknown error"))
    else:
        facts[name] = f


def write_output(quads: list[ox.Quad], out: str | Path, fmt: str) -> int | None:
    """Write quads to OUT in fmt; the number of distinct triples when the format tells it."""
    out = Path(out)
    if fmt == "store":
        write_store_dir(out, quads)
    elif fmt in FORMATS:
        counted: list[int] = []
        atomic_write(out, lambda fh: counted.append(serialize(quads, fh, fmt)))
        if not FORMATS[fmt].supports_datasets:
            return counted[0]
    elif fmt in ("graphml", "gexf"):
        from .network import write_network
        write_network(Store.from_quads(quads), out, fmt)
    else:
        raise KgError("E010", f"unknown output format {fmt!r}")


__all__ = ["build", "write_output", "format_for", "BuildResult"]
