"""Where extraction runs: the local process pool (``--jobs``) or a Dask cluster (``--engine dask``).

Extraction is a pure function from a batch of documents to a *part*: one record per document,
``(name, DocumentFacts | None, error | None)``, from ``kg.pipeline.extract_document`` with the
lexicon and options the build was given. Parts carry no IRIs and no counters, so it does not
matter which worker made which part or in which order they come back: the build sorts the
records by file name, resolves them in one step (``kg.resolve``) and mints every IRI from
content, so the output is the same bytes whichever engine ran and however many workers it had.

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


def run_dask(work: list[tuple[str, str]], lexicon: Lexicon, date_option: DateValue | None = None, *,
             scheduler: str | None = None, workers: int = 2, on_done: Callable[[int], None] | None = None
             ) -> Iterator[Record]:
    """Extract ``work`` ((path, name) pairs) on a Dask cluster; yield records as parts finish."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise RuntimeError("the dask engine needs dask[distributed] (pip install 'dask[distributed]')") from exc
    cluster = None
    if scheduler:
        client = Client(scheduler, timeout="30s")
    else:
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        size = batch_size(len(work), n_workers)
        lex = client.scatter(lexicon, broadcast=True, hash=False)
        futures = {}
        for i in range(0, len(work), size):
            items = work[i:i + size]
            docs, failed = read_batch(items)
            yield from failed
            if on_done and failed:
                on_done(len(failed))
            if docs:
                fut = client.submit(extract_batch, docs, lex, date_option, pure=False)
                futures[fut] = len(docs)
        for fut in as_completed(list(futures)):
            part = fut.result()
            yield from part
            if on_done:
                on_done(futures[fut])
            fut.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
