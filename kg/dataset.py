"""A built graph as N-Quads blocks, one per named graph, and its writers.

A build's output is a set of ``kg.triples.Block`` s (each graph's distinct N-Quads lines, sorted),
made in whatever process and order. Joined in graph-name order they are the canonical N-Quads of
the build: the same input gives the same bytes whichever engine, batching or worker count made
them. No triple is in two graphs (kg/triples.py), so dropping the graph names gives the union:
N-Triples is the blocks' lines without their graph, Turtle their sections (kg/turtle.py, made in
the workers when a build runs in several), RDF/XML, TriG and JSON-LD Oxigraph's serializers fed
in that order, a store folder Oxigraph's bulk loader.

Oxigraph reads no single term over 16 MiB (a page of 20 MB with no line breaks quotes that much);
lines that long are turned into quads here instead, so any input still gives its output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from . import turtle
from .ontology import PREFIXES
from .store import MAX_TOKEN, atomic_write
from .triples import Block

PART_BYTES = 64 * 1024 * 1024
NQ, NT = ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES


class Dataset:
    def __init__(self, blocks: Iterable[Block]):
        self.blocks = sorted(blocks, key=lambda b: b.graph)
        names = [b.graph for b in self.blocks]
        if len(set(names)) != len(names):
            raise ValueError("two blocks for one graph")
        self._quads: list[ox.Quad] | None = None

    def count(self, name: str) -> int:
        return sum(b.counts.get(name, 0) for b in self.blocks)

    def nquads(self) -> bytes:
        self._nquads_kept()
        return b"".join(b.data for b in self.blocks)

    def __len__(self) -> int:
        """Quads (distinct within each graph)."""
        return sum(len(b) for b in self.blocks)

    def _nquads_kept(self) -> None:
        if any(b.dropped >= 0 for b in self.blocks):
            raise ValueError("this build kept only its Turtle (build(..., keep_nquads=False))")

    def graphs(self) -> list[str]:
        return [b.graph for b in self.blocks]

    def triples(self) -> int:
        """Distinct triples of the union: the graphs share none (kg/triples.py), so the quads."""
        return len(self)

    def quads(self) -> list[ox.Quad]:
        """The quads as pyoxigraph objects, in the canonical order."""
        self._nquads_kept()
        if self._quads is None:
            self._quads = [q for b in self.blocks for q in _parse(b.data, NQ)]
        return self._quads

    # --- writers --------------------------------------------------------------------------------
    def write(self, out, rdf_format: ox.RdfFormat) -> int:
        """Write to a binary file object; the number of distinct triples written (of quads, for
        the dataset formats)."""
        if rdf_format != ox.RdfFormat.TURTLE:
            self._nquads_kept()
        if rdf_format == NQ:
            for b in self.blocks:
                out.write(b.data)
            return len(self)
        if rdf_format.supports_datasets:
            ox.serialize(self._stream(NQ), out, rdf_format, prefixes=PREFIXES)
        elif rdf_format == NT:
            for b in self.blocks:
                out.write(b.nt())
        elif rdf_format == ox.RdfFormat.TURTLE:
            out.write(turtle.header())
            for b in self.blocks:
                out.write(b.turtle_section())
        else:
            prefixes = PREFIXES if rdf_format in (ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD) else None
            ox.serialize(self._stream(NT), out, rdf_format, prefixes=prefixes)
        return len(self)

    def write_parts(self, folder: str | Path, max_bytes: int = PART_BYTES) -> list[Path]:
        """The N-Quads as part files ``part-00000.nq`` … of about ``max_bytes`` each, cut between
        graphs (so the files depend only on the graph, not on how it was built), for a server's
        bulk loader. Part files of an earlier run in ``folder`` are replaced."""
        self._nquads_kept()
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        groups: list[list[Block]] = [[]]
        size = 0
        for b in self.blocks:
            if groups[-1] and size + len(b.data) > max_bytes:
                groups.append([])
                size = 0
            groups[-1].append(b)
            size += len(b.data)
        written = []
        for i, group in enumerate(groups):
            path = folder / f"part-{i:05d}.nq"
            atomic_write(path, lambda fh, group=group: [fh.write(b.data) for b in group])
            written.append(path)
        for stale in folder.glob("part-*.nq"):
            if stale not in written:
                stale.unlink()
        return written

    def load_into(self, store: ox.Store) -> None:
        """Bulk-load into an Oxigraph store: one call for everything (each call of the bulk
        loader writes its own files), quads made here only for lines too long for its parser."""
        self._nquads_kept()
        fit, too_long = [], []
        for b in self.blocks:
            (fit if _fits(b.data) else too_long).append(b)
        if fit:
            store.bulk_load(input=b"".join(b.data for b in fit), format=NQ)
        for b in too_long:
            store.bulk_extend(_parse(b.data, NQ))

    def _stream(self, fmt: ox.RdfFormat):
        """Quads (or triples) in the canonical order, parsed block by block."""
        for b in self.blocks:
            yield from _parse(b.data if fmt == NQ else b.nt(), fmt)


def _fits(data: bytes) -> bool:
    return len(data) < MAX_TOKEN or all(len(line) < MAX_TOKEN for line in data.split(b"\n"))


def _parse(data: bytes, fmt: ox.RdfFormat) -> list:
    if _fits(data):
        return list(ox.parse(data, format=fmt))
    out: list = []
    chunk: list[bytes] = []
    for line in data.splitlines(keepends=True):
        if len(line) < MAX_TOKEN:
            chunk.append(line)
            continue
        if chunk:
            out.extend(ox.parse(b"".join(chunk), format=fmt))
            chunk = []
        out.append(_long_line(line.decode("utf-8")))
    if chunk:
        out.extend(ox.parse(b"".join(chunk), format=fmt))
    return out


# one line as kg.triples writes it: <s> <p> (<o> | "literal"(@lang|^^<dt>)?) (<g>)? .
_LONG = re.compile(r'^<([^>]*)> <([^>]*)> (?:<([^>]*)>|"(.*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?)'
                   r'(?: <([^>]*)>)? \.\n?$', re.S)
_UNESCAPE = re.compile(r'\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)', re.S)
_SIMPLE = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    return _UNESCAPE.sub(lambda m: chr(int(m.group(1)[1:], 16)) if m.group(1)[0] in "uU" and len(m.group(1)) > 1
                         else _SIMPLE[m.group(1)], text)


def _long_line(line: str):
    """A line with a literal longer than Oxigraph's parser takes (only literals get that long)."""
    m = _LONG.match(line)
    if not m:
        raise ValueError(f"cannot read a {len(line)}-character N-Quads line")
    s, p, iri, text, lang, dt, g = m.groups()
    obj = ox.NamedNode(iri) if iri is not None else \
        ox.Literal(_unescape(text), language=lang) if lang else \
        ox.Literal(_unescape(text), datatype=ox.NamedNode(dt)) if dt else ox.Literal(_unescape(text))
    if g is None:
        return ox.Triple(ox.NamedNode(s), ox.NamedNode(p), obj)
    return ox.Quad(ox.NamedNode(s), ox.NamedNode(p), obj, ox.NamedNode(g))


__all__ = ["Dataset", "MAX_TOKEN"]
