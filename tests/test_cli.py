"""The kg command on the real seed pages, through a subprocess as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from .conftest import ROOT, SEEDS, run_kg


def test_help_on_every_verb():
    for verb in ("build", "query", "export", "stats", "serve", "validate"):
        done = run_kg(verb, "--help")
        assert done.returncode == 0, verb
        assert "Usage:" in done.stdout and len(done.stdout) > 200, verb


def test_build_seeds_turtle_reread_by_independent_parsers(seed_ttl):
    g = rdflib.Graph()
    g.parse(seed_ttl, format="turtle")
    assert len(g) > 1000
    people = set(g.subjects(rdflib.RDF.type, rdflib.URIRef("https://schema.org/Person")))
    assert len(people) > 50
    if shutil.which("rapper"):
        done = subprocess.run(["rapper", "-i", "turtle", "-c", str(seed_ttl)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert f"returned {len(g)} triples" in done.stderr


def test_build_is_byte_identical_whatever_the_path_and_cwd(tmp_path, seed_ttl):
    other = tmp_path / "elsewhere" / "out.ttl"
    copy = tmp_path / "pages"
    shutil.copytree(SEEDS, copy)
    done = run_kg("build", str(copy), "-o", str(other), "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert other.read_bytes() == seed_ttl.read_bytes()
    assert oct(other.stat().st_mode & 0o777) != oct(0o600)


def test_summary_and_progress_on_stderr(tmp_path):
    done = run_kg("build", str(SEEDS), "-o", str(tmp_path / "g.ttl"))
    assert done.returncode == 0
    assert "files read: 5" in done.stderr and "events:" in done.stderr and "triples:" in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("suffix,fmt", [(".trig", ox.RdfFormat.TRIG), (".nq", ox.RdfFormat.N_QUADS),
                                        (".jsonld", ox.RdfFormat.JSON_LD), (".nt", ox.RdfFormat.N_TRIPLES)])
def test_build_formats_hold_the_same_triples(tmp_path, seed_ttl, suffix, fmt):
    out = tmp_path / f"g{suffix}"
    done = run_kg("build", str(SEEDS), "-o", str(out), "-q")
    assert done.returncode == 0, done.stderr
    quads = list(ox.parse(path=str(out), format=fmt))
    ttl = {q.triple for q in ox.parse(path=str(seed_ttl), format=ox.RdfFormat.TURTLE)}
    assert {q.triple for q in quads} == ttl
    if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
        graphs = {q.graph_name.value for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
        for f in os.listdir(SEEDS):
            assert any(g.endswith("/graph/" + f) for g in graphs), f


def test_store_folder_build_query_and_rebuild(tmp_path):
    store = tmp_path / "seeds.store"
    for _ in range(2):                       # the second build replaces the first atomically
        done = run_kg("build", str(SEEDS), "-o", str(store), "-q")
        assert done.returncode == 0, done.stderr
    done = run_kg("query", "queries/events.rq", "--graph", str(store), "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["results"]["bindings"]
    assert any("主任会议" in r["label"]["value"] for r in rows)


def test_query_formats(seed_ttl):
    table = run_kg("query", "queries/officials.rq", "--graph", str(seed_ttl))
    assert table.returncode == 0 and "王文杰" in table.stdout and "rows)" in table.stdout
    csv = run_kg("query", "queries/officials.rq", "--graph", str(seed_ttl), "--format", "csv")
    assert csv.stdout.splitlines()[0].startswith("file,name,title")
    tsv = run_kg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?p a schema:Person }", "--graph", str(seed_ttl),
                 "--format", "tsv")
    assert int(tsv.stdout.splitlines()[1].split("^^")[0].strip('"')) > 50
    bound = run_kg("query", "SELECT ?title WHERE { ?m org:member ?p ; gov:title ?title . ?p rdfs:label ?n }",
                   "--graph", str(seed_ttl), "--bind", "n=王文杰@zh", "--format", "csv")
    assert "市人大常委会副主任" in bound.stdout and "副市长" not in bound.stdout
    bad = run_kg("query", "SELECT WHERE {", "--graph", str(seed_ttl))
    assert bad.returncode == 1 and "E013" in bad.stderr and "Traceback" not in bad.stderr


def test_table_aligns_chinese():
    from kg.cli import _width, format_table
    text = format_table(["name", "x"], [["王文杰", "1"], ["ab", "2"]])
    lines = text.splitlines()
    col = [_width(line[: line.index(c)]) for line, c in ((lines[2], "1"), (lines[3], "2"))]
    assert col[0] == col[1] == 8                 # 王文杰 is 6 columns wide: both values start at column 8


def test_export_network_and_rdf(tmp_path, seed_ttl):
    import networkx as nx
    for name in ("net.graphml", "net.gexf"):
        done = run_kg("export", "--graph", str(seed_ttl), "-o", str(tmp_path / name))
        assert done.returncode == 0, done.stderr
    g = nx.read_graphml(tmp_path / "net.graphml")
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert kinds == {"person", "event", "body"}
    assert nx.read_gexf(tmp_path / "net.gexf").number_of_nodes() == g.number_of_nodes()
    done = run_kg("export", "--graph", str(seed_ttl), "-o", str(tmp_path / "g.trig"))
    assert done.returncode == 0
    assert len(list(ox.parse(path=str(tmp_path / "g.trig")))) >= len(rdflib.Graph().parse(seed_ttl))


def test_stats(seed_ttl):
    done = run_kg("stats", "--graph", str(seed_ttl), "--json")
    s = json.loads(done.stdout)
    assert s["classes"]["https://schema.org/Person"] > 50
    assert s["classes"]["https://schema.org/Event"] >= 10
    assert s["properties"]["http://www.w3.org/ns/prov#wasDerivedFrom"] > 100


def test_bad_inputs_are_reported_and_skipped(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(SEEDS / "002_f409d700cfb95473.txt", pages / "good.txt")
    (pages / "empty.txt").write_bytes(b"")
    (pages / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "emptydir").mkdir()
    out = tmp_path / "g.ttl"
    done = run_kg("build", str(pages), str(tmp_path / "missing"), str(tmp_path / "emptydir"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    for needle in ("empty.txt: empty file", "binary.txt: binary file", "missing: no such file",
                   "emptydir: folder holds no files"):
        assert needle in done.stderr, needle
    assert "files read: 1" in done.stderr
    strict = run_kg("build", str(pages), "-o", str(tmp_path / "s.ttl"), "--strict", "-q")
    assert strict.returncode == 1


def test_nothing_built_exits_1_and_keeps_previous_output(tmp_path):
    out = tmp_path / "g.ttl"
    out.write_text("previous", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02")
    done = run_kg("build", str(tmp_path / "bad.txt"), "-o", str(out))
    assert done.returncode == 1
    assert out.read_text(encoding="utf-8") == "previous"


def test_usage_errors_exit_2(tmp_path):
    assert run_kg("build", str(SEEDS), "-o", str(tmp_path / "g.xyz")).returncode == 2
    assert run_kg("build", str(SEEDS), "-o", str(tmp_path / "g.ttl"), "--date", "yesterday").returncode == 2
    assert run_kg("build").returncode == 2


def test_scorer_contract_queries_project_their_variables(seed_ttl):
    g = rdflib.Graph().parse(seed_ttl, format="turtle")
    need = {"officials": {"file", "name", "title"}, "participants": {"file", "date", "name", "role"},
            "events": {"file", "date", "label"}}
    for name, variables in need.items():
        result = g.query((ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8"))
        assert variables <= {str(v) for v in result.vars}
        assert len(result) > 10, name


def test_two_input_files_with_the_same_name_are_reported_not_confused(tmp_path):
    for folder, seed in (("a", "000_51f39b9f8458e720.txt"), ("b", "001_934f6e8f83eb08ea.txt")):
        (tmp_path / folder).mkdir()
        shutil.copy(SEEDS / seed, tmp_path / folder / "page.txt")
    done = run_kg("build", str(tmp_path / "a"), str(tmp_path / "b"), str(tmp_path / "a"), "-o", str(tmp_path / "g.ttl"))
    assert done.returncode == 0
    assert "E015" in done.stderr and str(tmp_path / "b" / "page.txt") in done.stderr
    assert done.stderr.count("E015") == 1                  # the same folder given twice is not a clash
    assert "files read: 1" in done.stderr


def test_a_store_folder_copied_into_memory_answers_the_same(tmp_path, seed_ttl):
    """What kg serve does with a store folder: answer from it at once, copy it into memory in the
    background, then answer from the copy, the same rows."""
    from kg.store import Store
    folder = tmp_path / "seeds.store"
    assert run_kg("build", str(SEEDS), "-o", str(folder), "-q").returncode == 0
    store = Store.open(folder)
    assert store.on_disk and not store.memory
    queries = [Path(q).read_text(encoding="utf-8") for q in ("queries/officials.rq", "queries/participants.rq",
                                                               "queries/events.rq", "queries/fact_sources.rq")]
    before = [[tuple(str(v) for v in row) for row in store.query(q)] for q in queries]
    assert all(before)
    assert store.fits_in_memory(copies=3) and not store.fits_in_memory(share=1e-9)
    assert store.load_into_memory_later(when="no") is None and not store.memory
    loader = store.load_into_memory_later(when="yes")
    loader.join(60)
    assert store.memory and len(store) == len(Store.open(folder))
    assert [[tuple(str(v) for v in row) for row in store.query(q)] for q in queries] == before
    assert store.load_into_memory_later(when="yes") is None                  # nothing left to do
    from_file = Store.open(seed_ttl)                                         # a file is read into memory
    assert from_file.memory and not from_file.on_disk and from_file.load_into_memory() is False


def test_a_page_longer_than_oxigraphs_token_limit_is_copied_into_memory(tmp_path):
    """The copy goes through Oxigraph's N-Quads bulk loader; a page over 16 MiB (its gov:content,
    longer than Oxigraph's streaming parser reads) arrives whole."""
    from kg.store import Store
    pages = tmp_path / "pages"
    pages.mkdir()
    text = "本报讯 这是一段很长的文字。" * 450_000                       # 18.9 MB of UTF-8, one line
    (pages / "long.txt").write_text(text, encoding="utf-8")
    folder = tmp_path / "long.store"
    done = run_kg("build", str(pages), "-o", str(folder), "-q")
    assert done.returncode == 0, done.stderr
    store = Store.open(folder)
    n = len(store)
    assert store.load_into_memory() and store.memory and len(store) == n
    rows = list(store.query("SELECT (STRLEN(?c) AS ?n) WHERE { ?f gov:content ?c }"))
    assert int(rows[0]["n"].value) == len(text)
