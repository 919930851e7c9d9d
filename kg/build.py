"""``kg build``: files → documents → records → resolution → quads → an output file or store.

A plain function (``build``) that the CLI calls; it never raises for a bad input file (each is
reported with a one-line reason and skipped) and writes its output atomically.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from .dataset import Dataset
from .engines import fork_pool
from .errors import IngestError, KgError
from .ingest import Document, Skipped, discover, read_document
from .lexicon import Lexicon
from .model import DateValue, DocumentFacts
from .pipeline import Extractors, extract_document
from .resolve import Resolver
from .store import FORMATS, Store, atomic_write, format_for, serialize, write_store_dir
from .triples import Block, Emitter


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
    ``out_format`` Turtle the workers also make each graph's Turtle section, so that writing
    it only joins them; with ``keep_nquads=False`` too they send back only those sections (the
    dataset can then be written as Turtle only)."""
    with contextlib.ExitStack() as stack:     # a Dask cluster lives from extraction to emission
        stack.enter_context(_rare_gc())
        return _build(stack, paths, lexicon_dirs=lexicon_dirs, date_option=date_option, jobs=jobs, base=base,
                      update=update, progress=progress, engine=engine, scheduler=scheduler,
                      turtle=FORMATS.get(out_format or "") == ox.RdfFormat.TURTLE and (jobs > 1 or engine == "dask"),
                      keep_nquads=keep_nquads or FORMATS.get(out_format or "") != ox.RdfFormat.TURTLE)


def _build(stack: contextlib.ExitStack, paths: list[str], *, lexicon_dirs, date_option, jobs, base, update,
           progress, engine, scheduler, turtle, keep_nquads) -> BuildResult:
    dask_run = None
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
            from .engines import DaskRun
            dask_run = stack.enter_context(DaskRun(ex.lexicon, date_option, scheduler=scheduler, workers=jobs))
            for name, f, err in dask_run.extract(work, on_done=bar.update if bar else None):
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
    emitter = Emitter(res, resolver, ex.lexicon, ex.versions, base)
    blocks = dask_run.emit(emitter, set(facts), turtle) if dask_run else []
    done = {b.graph for b in blocks}
    result.engine_blocks = len(done)
    todo = [d for d in docs if emitter.graph_name(d.name) not in done]
    blocks.extend(_emit_blocks(emitter, todo, docs, jobs if engine == "local" else 1, turtle=turtle,
                               keep_nquads=keep_nquads))
    result.dataset = Dataset(blocks)
    result.articles = sum(len(d.articles) for d in docs)
    result.people = len(res.people)
    result.bodies = len(res.bodies)
    result.places = len(res.places)
    result.events = result.dataset.count("events")
    result.memberships = result.dataset.count("memberships")
    result.participations = result.dataset.count("participations")
    return result


# --- emission in worker processes ----------------------------------------------------------------
_EMIT: dict = {}


def _emit_part(span: tuple[int, int] | None) -> list[Block]:
    """A forked worker's share: the blocks of todo[span], or (for None) the resolved graph of all
    the docs; the docs and the resolution were inherited from the parent at fork. With their
    Turtle sections when the output is Turtle."""
    emitter = _EMIT["emitter"]
    if span is None:
        blocks = [emitter.resolved_graph(_EMIT["docs"])]
    else:
        blocks = [emitter.file_graph(d) for d in _EMIT["todo"][span[0]:span[1]]]
    if not _EMIT["turtle"]:
        return blocks
    return [b.with_turtle() if _EMIT["keep"] else b.only_turtle() for b in blocks]


def _emit_blocks(emitter: Emitter, todo: list[DocumentFacts], docs: list[DocumentFacts], jobs: int,
                 turtle: bool = False, keep_nquads: bool = True) -> list[Block]:
    """The blocks of the files in ``todo`` and the resolved graph (of all ``docs``); across
    ``jobs`` forked processes when there is enough to share. The parent only gathers: work in it
    would hold the interpreter lock that its thread receiving the workers' blocks needs, and the
    workers would wait on a full pipe."""
    _EMIT.update(emitter=emitter, docs=docs, todo=todo, turtle=turtle, keep=keep_nquads)
    try:
        if jobs <= 1 or len(todo) < 2 or "fork" not in mp.get_all_start_methods():
            return [b for span in (None, (0, len(todo))) for b in _emit_part(span)]
        size = max(1, len(todo) // (jobs * 4))
        tasks = [None] + [(i, min(len(todo), i + size)) for i in range(0, len(todo), size)]
        with fork_pool(jobs) as pool:             # the resolved graph first: the longest task
            return [b for part in pool.imap_unordered(_emit_part, tasks) for b in part]
    finally:
        _EMIT.clear()


@contextlib.contextmanager
def _rare_gc():
    """Collect cyclic garbage less often while building and writing: extraction makes millions of
    small, acyclic objects, and every full pass walks all the live ones (the records, the list of
    10M lines of a large build): ~10% of a 10 MB build, and more than a third of a 160 MB one
    went to passes that found nothing."""
    import gc
    before = gc.get_threshold()
    # young collections as usual (they find what little cyclic garbage there is); the full ones,
    # which walk every record, wait until the build is done: 7% of a 160 MB build went to them
    gc.set_threshold(100_000, 50, 1_000_000)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _collect(result: BuildResult, facts: dict, name: str, f, err, paths: dict[str, str]) -> None:
    if f is None:
        result.skipped.append(Skipped(paths.get(name, name), err or "unknown error"))
    else:
        facts[name] = f


def write_output(quads: Dataset | list[ox.Quad], out: str | Path, fmt: str) -> int | None:
    """Write a build's dataset (or quads) to OUT in fmt; the number of distinct triples when the
    format tells it."""
    with _rare_gc():
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
