"""``kg build``: files → documents → records → resolution → quads → an output file or store.

A plain function (``build``) that the CLI calls; it never raises for a bad input file (each is
reported with a one-line reason and skipped) and writes its output atomically.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from .dataset import Dataset
from .engines import batch_size
from .errors import IngestError, KgError
from .ingest import Document, Skipped, discover, read_document
from .lexicon import Lexicon
from .model import DateValue, DocumentFacts
from .pipeline import Extractors, extract_document
from .resolve import DocSummary, Resolver, summarize
from .store import FORMATS, Store, atomic_write, format_for, serialize, write_store_dir
from .triples import Emitter
from .workers import LocalRun


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
    engine_blocks: int = 0            # file graphs emitted by the engine's workers (Dask), not here
    dataset: Dataset | None = field(default=None, repr=False)

    @property
    def quads(self) -> list[ox.Quad]:
        """The built quads as pyoxigraph objects (parsed from the dataset when first asked for)."""
        return self.dataset.quads() if self.dataset is not None else []

    def summary(self) -> str:
        if self.triples is None:
            self.triples = self.dataset.triples() if self.dataset is not None else 0
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
          progress: Callable | None = None, engine: str = "local", scheduler: str | None = None,
          out_format: str | None = None, keep_nquads: bool = True) -> BuildResult:
    """Extract, resolve and emit; the output is ``result.dataset`` (see kg/dataset.py). With
    ``out_format`` Turtle each graph's Turtle section is made with the graph (in the workers
    with ``jobs`` > 1), so that writing only joins them; with ``keep_nquads=False`` too only
    the sections are kept (the dataset can then be written as Turtle only)."""
    with contextlib.ExitStack() as stack:     # a Dask cluster lives from extraction to emission
        stack.enter_context(_collector_off())
        return _build(stack, paths, lexicon_dirs=lexicon_dirs, date_option=date_option, jobs=jobs, base=base,
                      update=update, progress=progress, engine=engine, scheduler=scheduler,
                      turtle=FORMATS.get(out_format or "") == ox.RdfFormat.TURTLE,
                      keep_nquads=keep_nquads or FORMATS.get(out_format or "") != ox.RdfFormat.TURTLE)


def _build(stack: contextlib.ExitStack, paths: list[str], *, lexicon_dirs, date_option, jobs, base, update,
           progress, engine, scheduler, turtle, keep_nquads) -> BuildResult:
    dask_run = local_run = None
    lexicon_dirs = [str(d) for d in (lexicon_dirs or [])]
    result = BuildResult()
    files, skipped = discover(paths)
    result.skipped.extend(skipped)
    work = [(str(p), n) for p, n in files]
    paths = {n: p for p, n in work}
    facts: dict[str, DocumentFacts] = {}          # the records, when this process holds them
    summaries: dict[str, DocSummary] = {}         # what resolution reads of them (kg.resolve)
    prior: list[Document] = previous_documents(update) if update else []

    _init_worker(lexicon_dirs, date_option)
    ex: Extractors = _WORKER["ex"]
    total = len(work) + len(prior)
    bar = progress(total) if progress and total > 1 else None
    try:
        if engine == "dask" and work:  # see kg/engines.py: same records, so the same output
            from .engines import DaskRun
            dask_run = stack.enter_context(DaskRun(ex.lexicon, date_option, scheduler=scheduler, workers=jobs))
            for name, f, err in dask_run.extract(work, on_done=bar.update if bar else None):
                _collect(result, facts, name, f, err, paths)
        elif engine == "local" and jobs > 1 and total > 1:   # see kg/workers.py: they keep the records
            local_run = stack.enter_context(LocalRun(jobs, lexicon_dirs, date_option))
            for name, s, err in local_run.extract(work, batch_size(len(work), jobs), bar.update if bar else None):
                _collect(result, summaries, name, s, err, paths)
            again = [d for d in prior if d.name not in summaries]
            for name, s, _ in local_run.extract(again, batch_size(len(again), jobs)):
                if s is not None:
                    summaries[name] = s
            if bar:
                bar.update(len(prior))
        else:
            for item in work:
                name, f, err = _work(item)
                _collect(result, facts, name, f, err, paths)
                if bar:
                    bar.update(1)
        for doc in prior if local_run is None else ():
            if doc.name not in facts:
                name, f, err = _extract_doc(doc)
                if f is not None:
                    facts[name] = f
            if bar:
                bar.update(1)
    finally:
        if bar:
            bar.close()
    if local_run is None:
        summaries = {n: summarize(f) for n, f in facts.items()}
    names = sorted(summaries)
    result.files_read = len(names)
    if not names:
        return result
    resolver = Resolver(ex.lexicon)
    res = resolver.run([summaries[n] for n in names])
    emitter = Emitter(res, resolver, ex.lexicon, ex.versions, base)
    if local_run is not None:
        blocks = local_run.emit(res, emitter, base, turtle, keep_nquads)
    else:
        blocks = dask_run.emit(emitter, set(facts), turtle) if dask_run else []
        done = {b.graph for b in blocks}
        result.engine_blocks = len(done)
        blocks.append(emitter.resolved_graph([facts[n] for n in names]).finished(turtle, keep_nquads))
        # each page's records are let go once its graph is made, and its Turtle made while its
        # lines are fresh: a large build's heap then shrinks as its output grows, where holding
        # both made each line slower to emit than the last (a 160 MB build: 2.7 us a line at the
        # end, 1.8 at the start)
        for n in names:
            d = facts.pop(n)
            if emitter.graph_name(n) not in done:
                blocks.append(emitter.file_graph(d).finished(turtle, keep_nquads))
    result.dataset = Dataset(blocks)
    result.articles = sum(len(summaries[n][2]) for n in names)
    result.people = len(res.people)
    result.bodies = len(res.bodies)
    result.places = len(res.places)
    result.events = result.dataset.count("events")
    result.memberships = result.dataset.count("memberships")
    result.participations = result.dataset.count("participations")
    return result


@contextlib.contextmanager
def _collector_off():
    """No cyclic garbage collection while building and writing. Extraction makes millions of
    small, acyclic objects, and every pass of the collector walks the live ones: full passes took
    7% of a 160 MB build, young ones ~15 ms each (a 10 MB build's workers ran one as emission
    began, on its critical path), and none finds anything: a whole build, of 10 MB or of 40 MB,
    leaves the same 48 objects for the collector. Worker processes inherit this when forked."""
    import gc
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _collect(result: BuildResult, facts: dict, name: str, f, err, paths: dict[str, str]) -> None:
    if f is None:
        result.skipped.append(Skipped(paths.get(name, name), err or "unknown error"))
    else:
        facts[name] = f


def write_output(quads: Dataset | list[ox.Quad], out: str | Path, fmt: str) -> int | None:
    """Write a build's dataset (or quads) to OUT in fmt; the number of distinct triples when the
    format tells it."""
    with _collector_off():
        return _write_output(quads, Path(out), fmt)


def _write_output(quads, out: Path, fmt: str) -> int | None:
    if fmt == "store":
        write_store_dir(out, quads)
    elif fmt in FORMATS:
        counted: list[int] = []
        if isinstance(quads, Dataset):
            atomic_write(out, lambda fh: counted.append(quads.write(fh, FORMATS[fmt])))
        else:
            atomic_write(out, lambda fh: counted.append(serialize(quads, fh, fmt)))
        if not FORMATS[fmt].supports_datasets:
            return counted[0]
    elif fmt in ("graphml", "gexf"):
        from .network import write_network
        write_network(Store.from_quads(quads.quads() if isinstance(quads, Dataset) else quads), out, fmt)
    else:
        raise KgError("E010", f"unknown output format {fmt!r}")


__all__ = ["build", "write_output", "format_for", "BuildResult"]
