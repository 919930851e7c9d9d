"""The store: an embedded Oxigraph store (in memory, or persistent in a folder), read and written
in the usual RDF formats, queried with SPARQL; an rdflib Graph view over the same data.

Measured (see ../DESIGN notes and bench/): Oxigraph loads, queries and serialises one to two
orders of magnitude faster than rdflib's memory store with a third of the memory, and answers
the same. ``Store.rdflib_graph()`` gives rdflib's API over it through oxrdflib.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from . import turtle
from .errors import Errors, KgError
from .ontology import PREFIXES

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "nq": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES, "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD, "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML, "rdf": ox.RdfFormat.RDF_XML, "rdfxml": ox.RdfFormat.RDF_XML,
}
SUFFIXES = {".store": "store", ".ttl": "turtle", ".turtle": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "ntriples",
            ".jsonld": "jsonld", ".json": "jsonld", ".rdf": "xml", ".owl": "xml", ".xml": "xml"}
NETWORK_SUFFIXES = {".graphml": "graphml", ".gexf": "gexf"}
STORE_MARKER = "govkg-store"


def format_for(path: str | Path, explicit: str | None = None) -> str:
    """The format name for an output path: --format, else the suffix; 'store' for a folder."""
    if explicit:
        name = explicit.lower()
        if name not in FORMATS and name not in ("store", "graphml", "gexf"):
            raise KgError("E010", Errors.E010.format(explicit, ", ".join(sorted(set(FORMATS) | {"store", "graphml", "gexf"}))))
        return name
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in SUFFIXES and not (p.is_dir() and SUFFIXES[suffix] != "store"):
        return SUFFIXES[suffix]
    if suffix in NETWORK_SUFFIXES:
        return NETWORK_SUFFIXES[suffix]
    if p.is_dir() or not suffix:
        return "store"
    raise KgError("E010", Errors.E010.format(suffix, ", ".join(sorted(SUFFIXES) + ["a folder"])))


def _sorted_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    return sorted(set(quads), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def _sorted_lines(triples) -> list[bytes]:
    """The distinct N-Triples lines of triples, sorted (Oxigraph writes them; bytes sort fast)."""
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    lines = set(data.split(b"\n"))
    lines.discard(b"")
    return sorted(lines)


MAX_TOKEN = 15 * 1024 * 1024       # Oxigraph's parser reads no single term longer than 16 MiB


def _parsable(lines) -> bool:
    """Whether Oxigraph can read these lines back (no term near its 16 MiB token limit)."""
    return all(len(line) < MAX_TOKEN for line in lines)


def serialize(quads: Iterable[ox.Quad], out, fmt: str) -> int:
    """Write quads deterministically: sorted by graph, subject, predicate, object, so the same
    graph gives the same bytes. The sorting is done on N-Triples/N-Quads lines, which Oxigraph
    writes and reads back much faster than Python compares terms. Returns the number of distinct
    triples written (of quads, for the dataset formats)."""
    rdf_format = FORMATS[fmt]
    write = out.write                                  # a binary file object
    if rdf_format.supports_datasets:
        by_graph: dict = {}
        for q in quads:
            by_graph.setdefault(q.graph_name, []).append(q.triple)
        chunks = []
        for g in sorted(by_graph, key=str):
            end = b" .\n" if isinstance(g, ox.DefaultGraph) else b" " + str(g).encode() + b" .\n"
            chunks.append(b"".join(line[:-2] + end for line in _sorted_lines(by_graph[g])))
        data = b"".join(chunks)
        if rdf_format == ox.RdfFormat.N_QUADS:
            write(data)
        elif _parsable(chunks):
            ox.serialize(ox.parse(data, format=ox.RdfFormat.N_QUADS), out, rdf_format, prefixes=PREFIXES)
        else:                                  # a literal too long for the parser: sort the terms instead
            every = {ox.Quad(t.subject, t.predicate, t.object, g) for g, ts in by_graph.items() for t in ts}
            ox.serialize(sorted(every, key=lambda q: (str(q.graph_name), str(q.triple))), out, rdf_format,
                         prefixes=PREFIXES)
        return data.count(b"\n")
    if rdf_format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE):
        return _write_by_graph(quads, out, rdf_format)
    else:
        triples = [q.triple for q in quads]
        lines = _sorted_lines(triples)
        data = b"\n".join(lines) + (b"\n" if lines else b"")
        prefixes = PREFIXES if rdf_format in (ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD) else None
        if _parsable(lines):
            ox.serialize(ox.parse(data, format=ox.RdfFormat.N_TRIPLES), out, rdf_format, prefixes=prefixes)
        else:                                  # a literal too long for the parser: sort the terms instead
            ox.serialize(sorted(set(triples), key=str), out, rdf_format, prefixes=prefixes)
        return len(lines)


def _write_by_graph(quads: Iterable[ox.Quad], out, rdf_format: ox.RdfFormat) -> int:
    """N-Triples or Turtle as ``kg build`` writes them (kg/dataset.py): graph by graph in IRI
    order (the default graph first), each graph's lines sorted; a triple already written for an
    earlier graph is left out. A built store exported this way gives the build's own bytes."""
    by_graph: dict = {}
    for q in quads:
        by_graph.setdefault(q.graph_name, []).append(q.triple)
    seen: set[bytes] = set()
    if rdf_format == ox.RdfFormat.TURTLE:
        out.write(turtle.header())
    for g in sorted(by_graph, key=lambda g: (not isinstance(g, ox.DefaultGraph), getattr(g, "value", ""))):
        lines = [x for x in _sorted_lines(by_graph[g]) if x not in seen]
        seen.update(lines)
        data = b"".join(x + b"\n" for x in lines)
        if rdf_format == ox.RdfFormat.TURTLE:
            out.write(turtle.section(data, None if isinstance(g, ox.DefaultGraph) else g.value))
        else:
            out.write(data)
    return len(seen)


MEMORY_PER_QUAD = 400


def _available_memory() -> int:
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def atomic_write(path: Path, writer) -> None:
    """Write a file through a temporary sibling and rename it over the target."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            writer(fh)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_store_dir(path: Path, quads: Iterable[ox.Quad]) -> None:
    """A persistent store folder, built beside the target and swapped in whole."""
    path = Path(path)
    if path.exists() and not (path / STORE_MARKER).exists() and any(path.iterdir()):
        raise KgError("E010", f"{path} exists and is not a govkg store folder; refusing to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        store = ox.Store(str(tmp / "oxigraph"))
        if hasattr(quads, "load_into"):                     # a build's kg.dataset.Dataset
            quads.load_into(store)
        else:
            store.bulk_extend(_sorted_quads(quads))
        store.flush()
        store.optimize()
        del store
        (tmp / STORE_MARKER).write_text("govkg embedded Oxigraph store\n", encoding="utf-8")
        umask = os.umask(0)
        os.umask(umask)
        for folder in (tmp, tmp / "oxigraph"):
            os.chmod(folder, 0o777 & ~umask)
        if path.exists() and _exchange(tmp, path):
            shutil.rmtree(tmp, ignore_errors=True)          # tmp now holds the previous store
            return
        old = None
        if path.exists():                                  # no atomic exchange here: two renames
            old = path.with_name(f".{path.name}.old-{os.getpid()}")
            os.replace(path, old)
        os.replace(tmp, path)
        if old:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _recover(path: Path) -> None:
    """Put back a store folder that a build killed between its two renames left moved aside."""
    if not path.parent.is_dir():
        return
    for old in sorted(path.parent.glob(f".{path.name}.old-*")):
        if (old / STORE_MARKER).exists():
            try:
                os.replace(old, path)
            except OSError:
                continue
            return


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if sys.platform != "linux":
        return False
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0


class Store:
    """A graph to query: SPARQL over the union of all named graphs."""

    def __init__(self, inner: ox.Store, source: str = ""):
        self.inner = inner
        self.source = source
        self.on_disk = bool(source) and Path(source).is_dir()    # answering from a store folder

    @classmethod
    def open(cls, path: str | Path, read_only: bool = True) -> Store:
        """A built graph: a file, a store folder, or a SPARQL server (an http(s) URL or a
        ``.ini`` naming one: a ``kg.backends.RemoteStore`` with the same methods)."""
        from .backends import is_remote, open_remote
        if is_remote(path):
            return open_remote(path)
        path = Path(path)
        try:
            if not path.exists():
                _recover(path)
            if path.is_dir():
                if not (path / STORE_MARKER).exists():
                    raise KgError("E011", Errors.E011.format("not a govkg store folder"), str(path))
                inner = ox.Store.read_only(str(path / "oxigraph")) if read_only else ox.Store(str(path / "oxigraph"))
                return cls(inner, str(path))
            fmt = format_for(path)
            if fmt not in FORMATS:
                raise KgError("E011", Errors.E011.format(f"cannot read {fmt} as RDF"), str(path))
            inner = ox.Store()
            inner.bulk_load(path=str(path), format=FORMATS[fmt])
            return cls(inner, str(path))
        except KgError:
            raise
        except (OSError, SyntaxError, ValueError) as exc:
            raise KgError("E011", Errors.E011.format(exc), str(path)) from None

    # --- a copy in memory --------------------------------------------------------------------
    @property
    def memory(self) -> bool:
        return not self.on_disk

    def fits_in_memory(self, copies: int = 1, share: float = 0.5) -> bool:
        """Whether ``copies`` in-memory copies of this graph (~400 bytes a quad, as measured by
        ``make bench``) take at most ``share`` of the memory available now."""
        return len(self) * MEMORY_PER_QUAD * max(1, copies) <= share * _available_memory()

    def load_into_memory(self) -> bool:
        """Copy a store folder's graph into memory and query that copy from now on: Oxigraph
        answers the named queries 1.1-5x faster from memory than from its on-disk store. The
        folder stays open until the copy is ready (so the store answers meanwhile); queries
        already running finish on it. False when there is nothing to do."""
        if not self.on_disk:
            return False
        disk = self.inner
        mem = ox.Store()
        data = disk.dump(format=ox.RdfFormat.N_QUADS)
        try:
            mem.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        except (SyntaxError, ValueError, OSError):          # should the loader refuse a term: one by one
            mem = ox.Store()
            mem.bulk_extend(disk.quads_for_pattern(None, None, None, None))
        del data
        self.inner = mem
        self.on_disk = False
        return True

    def load_into_memory_later(self, copies: int = 1, when: str = "auto") -> threading.Thread | None:
        """``load_into_memory`` in a background thread, when ``when`` is "yes", or "auto" and
        ``copies`` copies fit (``fits_in_memory``); the store answers from disk meanwhile."""
        if when == "no" or not self.on_disk or (when == "auto" and not self.fits_in_memory(copies)):
            return None
        t = threading.Thread(target=self.load_into_memory, name="govkg-load-into-memory", daemon=True)
        t.start()
        return t

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad]) -> Store:
        inner = ox.Store()
        inner.bulk_extend(list(quads))
        return cls(inner)

    def query(self, sparql: str, bindings: dict | None = None):
        """Run SPARQL over the union of all graphs. ``bindings`` (variable name → pyoxigraph term)
        go in a VALUES block of serialised terms at the start of the WHERE clause, so FILTERs and
        groups see them; user text is never spliced into the query."""
        from .sparqltext import inline_values
        return self.inner.query(inline_values(sparql, bindings or {}), use_default_graph_as_union=True,
                                prefixes=PREFIXES)

    def quads(self) -> Iterable[ox.Quad]:
        return self.inner.quads_for_pattern(None, None, None, None)

    def __len__(self) -> int:
        return len(self.inner)

    def rdflib_graph(self):
        """An rdflib ConjunctiveGraph view (oxrdflib) over this store."""
        import rdflib
        from oxrdflib import OxigraphStore
        return rdflib.Dataset(store=OxigraphStore(store=self.inner), default_union=True)
