"""The Dask engine (``--engine dask``): extraction and emission on a Dask cluster. (Local worker
processes, ``--jobs``, are ``kg.workers``: the same two steps, the records kept in the workers.)

Two pure functions run on the workers, with one resolution step between them on the client:

1. ``extract_batch``: a batch of documents → a *part*: one record per document,
   ``(name, DocumentFacts | None, error | None)``, from ``kg.pipeline.extract_document`` with
   the lexicon and options the build was given. Records carry no IRIs.
2. The client resolves all records once (``kg.resolve``: which mentions are the same person,
   body, place), then ``emit_batch``: a part + the resolution → that part's N-Quads, one sorted
   block per source file, every IRI minted from content (``kg.triples``).

It does not matter which worker made which part or in which order they come back: blocks are
joined by graph name (``kg.dataset``), so the output is the same bytes whichever engine ran and
however many workers it had. ``kg build --parts DIR`` keeps the N-Quads as part files.

Dask: ``--scheduler tcp://host:8786`` uses a running cluster (its workers need govkg installed,
the same version); without it a ``LocalCluster`` of ``--jobs`` worker processes on 127.0.0.1 is
started for the build and closed after. Files are read and decoded by the client, so workers
need no access to the input folder; the lexicon is sent to every worker once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import IngestError
from .ingest import Document, read_document
from .lexicon import Lexicon
from .model import DateValue, DocumentFacts

ENGINES = ("local", "dask")
Record = tuple[str, "DocumentFacts | None", "str | None"]

_CACHE: dict[str, object] = {}


def _extractors(lexicon: Lexicon):
    """One Extractors per worker process and lexicon (building them loads the dictionaries)."""
    from .pipeline import Extractors
    key = lexicon.digest
    ex = _CACHE.get(key)
    if ex is None:
        ex = _CACHE[key] = Extractors(lexicon)
    return ex


def extract_batch(docs: list[Document], lexicon: Lexicon, date_option: DateValue | None = None) -> list[Record]:
    """The pure function an engine runs: a batch of documents → a part (one record each)."""
    from .pipeline import extract_document
    ex = _extractors(lexicon)
    part: list[Record] = []
    for doc in docs:
        try:
            part.append((doc.name, extract_document(doc, ex, date_option), None))
        except Exception as exc:  # an extractor bug must not stop the build: report it, go on
            part.append((doc.name, None, f"extraction failed: {type(exc).__name__}: {exc} [E009]"))
    return part


def read_batch(items: list[tuple[str, str]]) -> tuple[list[Document], list[Record]]:
    """Read and decode files; a file that cannot be read becomes an error record."""
    docs, failed = [], []
    for path, name in items:
        try:
            docs.append(read_document(Path(path), name))
        except IngestError as exc:
            failed.append((name, None, f"{exc.reason} [{exc.code}]"))
    return docs, failed


def batch_size(n_items: int, workers: int) -> int:
    return max(1, min(64, n_items // (max(1, workers) * 8) or 1))


def emit_batch(part: list[Record], emitter, turtle: bool = False) -> list:
    """The second pure function an engine runs, after the one resolution step: a part's records
    → the N-Quads blocks of its files (``kg.triples.Block``: a graph name and its sorted lines),
    with their Turtle sections when the output will be Turtle."""
    return [emitter.file_graph(f).finished(turtle) for _, f, _ in part if f is not None]


class DaskRun:
    """A build on a Dask cluster: ``extract`` sends batches of documents to the workers and yields
    their records as parts finish; the parts stay on the workers, so ``emit`` (after the client
    has resolved the records) turns each into its N-Quads blocks where it already is."""

    def __init__(self, lexicon: Lexicon, date_option: DateValue | None = None, *, scheduler: str | None = None,
                 workers: int = 2):
        self.lexicon, self.date_option, self.scheduler, self.workers = lexicon, date_option, scheduler, workers
        self.client = self.cluster = None
        self.parts: list = []

    def __enter__(self) -> DaskRun:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - a core dependency
            raise RuntimeError("the dask engine needs dask[distributed] (pip install 'dask[distributed]')") from exc
        if self.scheduler:
            self.client = Client(self.scheduler, timeout="30s")
        else:
            self.cluster = LocalCluster(n_workers=max(1, self.workers), threads_per_worker=1, processes=True,
                                        host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        return self

    def __exit__(self, *exc) -> None:
        self.parts = []
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def extract(self, work: list[tuple[str, str]], on_done: Callable[[int], None] | None = None) -> Iterator[Record]:
        """Extract ``work`` ((path, name) pairs); yield records as parts finish."""
        from distributed import as_completed
        client = self.client
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or self.workers)
        size = batch_size(len(work), n_workers)
        lex = client.scatter(self.lexicon, broadcast=True, hash=False)
        futures = {}
        for i in range(0, len(work), size):
            items = work[i:i + size]
            docs, failed = read_batch(items)
            yield from failed
            if on_done and failed:
                on_done(len(failed))
            if docs:
                fut = client.submit(extract_batch, docs, lex, self.date_option, pure=False)
                futures[fut] = len(docs)
        for fut in as_completed(list(futures)):
            yield from fut.result()
            if on_done:
                on_done(futures[fut])
        self.parts = list(futures)

    def emit(self, emitter, names: set[str], turtle: bool = False) -> list:
        """The blocks of the extracted files whose names are in ``names``, made on the workers."""
        if not self.parts:
            return []
        em = self.client.scatter(emitter, broadcast=True, hash=False)
        blocks = [b for part in self.client.gather([self.client.submit(emit_batch, p, em, turtle, pure=False)
                                                    for p in self.parts]) for b in part]
        self.parts = []
        keep = {emitter.graph_name(n) for n in names}
        return [b for b in blocks if b.graph in keep]


def run_dask(work: list[tuple[str, str]], lexicon: Lexicon, date_option: DateValue | None = None, *,
             scheduler: str | None = None, workers: int = 2, on_done: Callable[[int], None] | None = None
             ) -> Iterator[Record]:
    """Extract ``work`` on a Dask cluster (started and closed here); yield the records."""
    with DaskRun(lexicon, date_option, scheduler=scheduler, workers=workers) as run:
        yield from run.extract(work, on_done)
