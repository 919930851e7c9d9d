"""The build's output as N-Quads blocks (kg/triples.py, kg/dataset.py): text terms that are
Oxigraph's own bytes, the same output whatever the worker count, every writer's long-line
fallback, and part files that independent parsers read back."""

from __future__ import annotations

import io
import shutil
import subprocess

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import dataset as ds
from kg.ontology import XSD_DATE, XSD_INT, nt_date, nt_int, nt_lit, nt_zh

from .conftest import SEEDS, run_kg

S, P = ox.NamedNode("https://govkg.org/id/s"), ox.NamedNode("https://govkg.org/ns#p")
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


def _oxigraph_line(obj) -> bytes:
    return ox.serialize([ox.Triple(S, P, obj)], format=ox.RdfFormat.N_TRIPLES)


def _our_line(obj_text: str) -> bytes:
    return f"<{S.value}> <{P.value}> {obj_text} .\n".encode()


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_literals_are_written_as_oxigraph_writes_them(text):
    assert _our_line(nt_lit(text)) == _oxigraph_line(ox.Literal(text))
    assert _our_line(nt_zh(text)) == _oxigraph_line(ox.Literal(text, language="zh"))


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=-10**12, max_value=10**12), st.dates())
def test_numbers_and_dates_are_written_as_oxigraph_writes_them(n, day):
    assert _our_line(nt_int(n)) == _oxigraph_line(ox.Literal(str(n), datatype=XSD_INT))
    assert _our_line(nt_date(day.isoformat())) == _oxigraph_line(ox.Literal(day.isoformat(), datatype=XSD_DATE))


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_the_long_line_reader_inverts_the_writer(text):
    for obj_text, obj in ((nt_zh(text), ox.Literal(text, language="zh")), (nt_lit(text), ox.Literal(text)),
                          (f"<{S.value}>", S)):
        line = f"<{S.value}> <{P.value}> {obj_text} <{S.value}g> .\n"
        assert ds._long_line(line) == ox.Quad(S, P, obj, ox.NamedNode(S.value + "g"))


@pytest.fixture(scope="module")
def seed_dataset():
    from kg.build import build
    result = build([str(SEEDS)])
    assert result.dataset is not None and len(result.dataset) > 3000
    return result.dataset


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads", "ntriples", "jsonld", "xml"])
def test_every_writer_gives_the_same_bytes_through_the_long_line_path(seed_dataset, fmt, monkeypatch):
    from kg.store import FORMATS
    fast = io.BytesIO()
    seed_dataset.write(fast, FORMATS[fmt])
    monkeypatch.setattr(ds, "MAX_TOKEN", 10)                # every line "too long" for Oxigraph's parser
    slow = io.BytesIO()
    seed_dataset.write(slow, FORMATS[fmt])
    assert fast.getvalue() == slow.getvalue()
    assert len(fast.getvalue()) > 100_000


def test_store_load_through_the_long_line_path_holds_the_same_quads(seed_dataset, monkeypatch):
    fast = ox.Store()
    seed_dataset.load_into(fast)
    monkeypatch.setattr(ds, "MAX_TOKEN", 10)
    slow = ox.Store()
    seed_dataset.load_into(slow)
    assert set(fast) == set(slow) == set(seed_dataset.quads())
    assert len(fast) == len(seed_dataset)


def test_turtle_is_the_union_of_the_named_graphs(seed_dataset):
    out = io.BytesIO()
    n = seed_dataset.write(out, ox.RdfFormat.TURTLE)
    g = rdflib.Graph().parse(data=out.getvalue().decode(), format="turtle")
    union = {q.triple for q in seed_dataset.quads()}
    assert n == len(g) == len(union) == seed_dataset.triples()


def test_a_fact_stated_by_two_files_is_one_triple_of_the_union(tmp_path):
    """Two pages report one meeting: its event and participation are one node each, stated once
    (in the resolved graph), each file graph holding only its own mentions; no triple is in two
    graphs, so the Turtle and N-Triples a build writes (graph by graph) hold no triple twice."""
    src = tmp_path / "pages"
    src.mkdir()
    lead = "本报讯(记者胡晨)2023年8月12日,我市召开全市组织工作座谈会。市委常委、组织部部长丁同民出席并讲话。\n"
    (src / "a.txt").write_text(lead, encoding="utf-8")
    (src / "b.txt").write_text("# 全市组织工作座谈会召开\n\n" + lead, encoding="utf-8")
    nq, ttl, nt = tmp_path / "g.nq", tmp_path / "g.ttl", tmp_path / "g.nt"
    for out in (nq, ttl, nt):
        done = run_kg("build", str(src), "-o", str(out))
        assert done.returncode == 0, done.stderr
    quads = list(ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS))
    triples = {q.triple for q in quads}
    assert len(triples) == len(quads)                              # no triple in two graphs
    parts = [q for q in quads if q.predicate.value == "https://govkg.org/ns#participant"]
    assert len(parts) == 2                                         # attended, spoke
    for part in parts:
        assert part.graph_name.value.endswith("graph/_resolved")
        derived = {q.graph_name.value.rsplit("/", 1)[1] for q in quads
                   if q.subject == part.subject and q.predicate.value.endswith("wasDerivedFrom")}
        assert derived == {"a.txt", "b.txt"}                       # each page's mention of it
    g = rdflib.Graph().parse(ttl, format="turtle")                 # an independent parser
    assert len(g) == len(triples) and len(rdflib.Graph().parse(nt, format="nt")) == len(triples)
    assert nt.read_bytes().count(b"\n") == len(triples)
    assert f"triples: {len(triples)}," in done.stderr


def test_jobs_and_part_files_give_the_same_graph(tmp_path):
    one, two = tmp_path / "j1.nq", tmp_path / "j2.nq"
    assert run_kg("build", str(SEEDS), "-o", str(one), "-q").returncode == 0
    done = run_kg("build", str(SEEDS), "-o", str(two), "-q", "--jobs", "2", "--parts", str(tmp_path / "parts"))
    assert done.returncode == 0, done.stderr
    assert one.read_bytes() == two.read_bytes()
    parts = sorted((tmp_path / "parts").glob("part-*.nq"))
    assert b"".join(p.read_bytes() for p in parts) == one.read_bytes()
    ttl1, ttl2 = tmp_path / "j1.ttl", tmp_path / "j2.ttl"     # Turtle alone: sections from the workers
    assert run_kg("build", str(SEEDS), "-o", str(ttl1), "-q").returncode == 0
    done = run_kg("build", str(SEEDS), "-o", str(ttl2), "--jobs", "2")
    assert done.returncode == 0, done.stderr
    assert ttl1.read_bytes() == ttl2.read_bytes()
    assert f"triples: {len(rdflib.Graph().parse(ttl2, format='turtle'))}," in done.stderr


def test_part_files_are_cut_between_graphs_and_read_by_other_parsers(seed_dataset, tmp_path):
    parts = seed_dataset.write_parts(tmp_path / "parts", max_bytes=100_000)
    assert len(parts) >= 5
    graphs_seen: list[str] = []
    total = 0
    for p in parts:
        d = rdflib.Dataset()
        d.parse(p, format="nquads")
        names = {str(c.identifier) for c in d.contexts() if len(c)}
        assert not set(graphs_seen) & names, f"{p.name}: a graph split across part files"
        graphs_seen.extend(names)
        total += sum(len(c) for c in d.contexts())
    assert total == len(seed_dataset)
    assert sorted(graphs_seen) == seed_dataset.graphs()
    again = seed_dataset.write_parts(tmp_path / "parts", max_bytes=10**9)   # fewer parts: stale ones go
    assert [p.name for p in sorted((tmp_path / "parts").iterdir())] == [p.name for p in again] == ["part-00000.nq"]
    if shutil.which("rapper"):
        done = subprocess.run(["rapper", "-i", "nquads", "-c", str(again[0])], capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0, done.stderr
        assert f"returned {len(seed_dataset)} " in done.stderr


def test_every_character_is_written_as_oxigraph_writes_it():
    # hypothesis missed these: Oxigraph also escapes the noncharacters U+FFFE and U+FFFF
    every = "".join(chr(c) for c in [*range(0xD800), *range(0xE000, 0x10000), 0x1FFFE, 0x10FFFF])
    assert _our_line(nt_lit(every)) == _oxigraph_line(ox.Literal(every))
    assert ds._long_line(f"<{S.value}> <{P.value}> {nt_lit(every)} .\n") == ox.Triple(S, P, ox.Literal(every))


def test_a_turtle_only_build_in_workers_writes_the_same_turtle():
    """--jobs 2 with Turtle the only output: the workers send back each graph's Turtle section
    and not its N-Quads; the file is the same, and what needs the N-Quads says so."""
    from kg.build import build
    full = build([str(SEEDS)], jobs=1)
    lean = build([str(SEEDS)], jobs=2, out_format="turtle", keep_nquads=False)
    kept = build([str(SEEDS)], jobs=2, out_format="turtle")
    outs = []
    for r in (full, lean, kept):
        out = io.BytesIO()
        assert r.dataset.write(out, ox.RdfFormat.TURTLE) == len(full.dataset) > 1000
        outs.append(out.getvalue())
    assert outs[0] == outs[1] == outs[2]
    assert all(b.turtle is not None and b.data == b"" for b in lean.dataset.blocks)
    assert kept.dataset.nquads() == full.dataset.nquads()
    for needs_nquads in (lean.dataset.nquads, lambda: lean.dataset.write(io.BytesIO(), ox.RdfFormat.N_TRIPLES)):
        with pytest.raises(ValueError, match="kept only its Turtle"):
            needs_nquads()
    assert lean.summary().splitlines()[0] == full.summary().splitlines()[0]
