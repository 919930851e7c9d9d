"""The built graph: one node per person across pages, posts over time, provenance to the
sentence, idempotent rebuilds and updates, SHACL shapes."""

from __future__ import annotations

import re
import shutil

import pyoxigraph as ox

from .conftest import SEEDS, run_kg


def rows(store, sparql):
    return [{str(v.value): s[v] for v in res_vars} for res_vars, s in _iter(store.query(sparql))]


def _iter(result):
    variables = result.variables
    for s in result:
        yield variables, s


def test_people_on_several_pages_are_one_node(seed_store):
    found = rows(seed_store, """
        SELECT ?name (COUNT(DISTINCT ?p) AS ?nodes) (COUNT(DISTINCT ?file) AS ?files) WHERE {
          ?m gov:person ?p ; gov:inArticle/gov:sourceFile/gov:fileName ?file .
          ?p a schema:Person ; rdfs:label ?name .
        } GROUP BY ?name HAVING (COUNT(DISTINCT ?file) > 1)""")
    assert len(found) >= 5                       # 王文杰, 赵淑红, 王宏伟, 胡晨, 许廷合 … (by query, not a list)
    assert all(int(r["nodes"].value) == 1 for r in found), [(r["name"].value, r["nodes"].value) for r in found]


def test_same_name_with_posts_in_different_places_stays_two(tmp_path):
    (tmp_path / "a.txt").write_text("本报讯 5月8日,魏都区召开推进会。魏都区委书记张建华出席会议。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("本报讯 5月8日,禹州市召开座谈会。禹州市委书记张建华出席会议。", encoding="utf-8")
    (tmp_path / "c.txt").write_text("本报讯 6月1日,魏都区召开座谈会。魏都区委书记张建华主持会议。", encoding="utf-8")
    out = tmp_path / "g.ttl"
    assert run_kg("build", str(tmp_path), "-o", str(out), "-q").returncode == 0
    from kg.store import Store
    store = Store.open(out)
    people = rows(store, "SELECT ?p ?reason WHERE { ?p a schema:Person ; rdfs:label '张建华'@zh . "
                         "OPTIONAL { ?p gov:splitReason ?reason } }")
    assert len(people) == 2
    assert all(r["reason"] is not None for r in people)
    files_per_person = rows(store, """SELECT ?p (COUNT(DISTINCT ?f) AS ?n) WHERE {
        ?m gov:person ?p ; gov:inArticle/gov:sourceFile/gov:fileName ?f . ?p rdfs:label '张建华'@zh } GROUP BY ?p""")
    assert sorted(int(r["n"].value) for r in files_per_person) == [1, 2]


def test_bodies_resolve_surface_forms_with_their_parent(seed_store):
    parents = rows(seed_store, """SELECT ?label ?parent WHERE { ?b a org:Organization ; rdfs:label ?label ;
        org:subOrganizationOf/rdfs:label ?parent }""")
    pairs = {(r["label"].value, r["parent"].value) for r in parents}
    assert ("市委组织部", "市委") in pairs and ("市委统战部", "市委") in pairs
    place = rows(seed_store, """SELECT ?code WHERE { ?p a schema:AdministrativeArea ; gov:printedName '郾陵县'@zh ;
        gov:adcode ?code }""")
    assert [r["code"].value for r in place] == ["411024"]          # OCR 郾陵县 normalised to 鄢陵县


def test_every_membership_and_participation_has_a_resolvable_quote(seed_store):
    facts = rows(seed_store, """
        SELECT ?fact ?begin ?end ?anchor ?sentence ?content WHERE {
          { ?fact a org:Membership } UNION { ?fact a gov:Participation }
          ?fact prov:wasDerivedFrom ?m .
          ?m nif:beginIndex ?begin ; nif:endIndex ?end ; nif:anchorOf ?anchor ; gov:sentence ?sentence ;
             gov:inArticle/gov:sourceFile/gov:content ?content .
        }""")
    facts_total = rows(seed_store, "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { { ?f a org:Membership } UNION "
                                   "{ ?f a gov:Participation } }")
    assert len({r["fact"].value for r in facts}) == int(facts_total[0]["n"].value) > 100
    for r in facts:
        text = r["content"].value[int(r["begin"].value):int(r["end"].value)]
        assert text == r["anchor"].value
        assert re.sub(r"\s", "", text) in re.sub(r"\s", "", r["sentence"].value) or r["sentence"].value


def test_posts_carry_the_dates_they_were_seen(seed_store):
    seen = rows(seed_store, """SELECT ?date ?first WHERE { ?m org:member/rdfs:label '王文杰'@zh ;
        gov:title '市人大常委会副主任'@zh ; gov:observedOn ?date ; gov:firstSeen ?first }""")
    assert {r["date"].value for r in seen} == {"2020-11-24"}
    ranks = rows(seed_store, """SELECT ?rank WHERE { ?m gov:title '市人大常委会副主任'@zh ; gov:rank ?rank }""")
    assert {r["rank"].value for r in ranks} == {"副"}


def test_rebuild_and_update_with_the_same_input_change_nothing(tmp_path, seed_ttl):
    again = tmp_path / "again.ttl"
    assert run_kg("build", str(SEEDS), "-o", str(again), "-q").returncode == 0
    assert again.read_bytes() == seed_ttl.read_bytes()
    updated = tmp_path / "updated.ttl"
    done = run_kg("build", "--update", str(seed_ttl), str(SEEDS / "001_934f6e8f83eb08ea.txt"), "-o", str(updated), "-q")
    assert done.returncode == 0, done.stderr
    assert updated.read_bytes() == seed_ttl.read_bytes()
    # an update that adds pages equals a build of all pages
    part = tmp_path / "part"
    part.mkdir()
    for f in sorted(SEEDS.iterdir())[:3]:
        shutil.copy(f, part / f.name)
    first = tmp_path / "first.ttl"
    assert run_kg("build", str(part), "-o", str(first), "-q").returncode == 0
    rest = [str(f) for f in sorted(SEEDS.iterdir())[3:]]
    assert run_kg("build", "--update", str(first), *rest, "-o", str(first), "-q").returncode == 0
    assert first.read_bytes() == seed_ttl.read_bytes()


def test_shacl_shapes_validate_the_seed_graph(seed_ttl):
    done = run_kg("validate", "--graph", str(seed_ttl))
    assert done.returncode == 0, done.stdout[-3000:]
    assert "Conforms: True" in done.stdout


def test_shacl_shapes_catch_a_broken_graph(tmp_path, seed_ttl):
    quads = [q for q in ox.parse(path=str(seed_ttl), format=ox.RdfFormat.TURTLE)
             if q.predicate.value != "http://www.w3.org/2000/01/rdf-schema#label"]
    broken = tmp_path / "broken.nt"
    broken.write_bytes(ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES))
    done = run_kg("validate", "--graph", str(broken))
    assert done.returncode == 1
    assert "every person has a label" in done.stdout


def test_grades_only_where_post_body_and_place_say_it(seed_store):
    graded = {(r["title"].value, r["grade"].value) for r in rows(seed_store, """
        SELECT DISTINCT ?title ?grade WHERE { ?m gov:title ?title ; gov:grade ?grade }""")}
    assert ("市委书记", "正厅级") in graded and ("副市长", "副厅级") in graded
    assert ("魏都区委书记", "正处级") in graded and ("禹州市委常委", "副处级") in graded
    assert not any(t == "禹州市纪委书记" for t, _ in graded)           # not in the grade lexicon: no grade
    assert not any(t.startswith("市人大常委会") for t, _ in graded)


def test_rdflib_api_over_the_embedded_store(tmp_path):
    import rdflib

    from kg.store import Store
    out = tmp_path / "seeds.store"
    assert run_kg("build", str(SEEDS), "-o", str(out), "-q").returncode == 0
    graph = Store.open(out).rdflib_graph()
    person = rdflib.URIRef("https://schema.org/Person")
    names = {str(n) for p in graph.subjects(rdflib.RDF.type, person) for n in graph.objects(p, rdflib.RDFS.label)}
    assert {"王文杰", "赵淑红"} <= names
    result = graph.query("SELECT (COUNT(?e) AS ?n) WHERE { ?e a <https://schema.org/Event> }")
    assert int(next(iter(result))[0]) >= 10


def test_writer_fallback_for_terms_too_long_to_reparse_gives_the_same_bytes(seed_ttl, tmp_path, monkeypatch):
    import io

    import kg.store as store
    nq = tmp_path / "seeds.nq"
    assert run_kg("build", str(SEEDS), "-o", str(nq), "-q").returncode == 0
    quads = list(ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS))
    for fmt in ("turtle", "xml"):
        fast = io.BytesIO()
        store.serialize(quads, fast, fmt)
        monkeypatch.setattr(store, "MAX_TOKEN", 10)          # every line "too long": the slow path
        slow = io.BytesIO()
        store.serialize(quads, slow, fmt)
        monkeypatch.undo()
        assert fast.getvalue() == slow.getvalue()
        assert {q.triple for q in ox.parse(fast.getvalue(), format=store.FORMATS[fmt])} == {q.triple for q in quads}
    # the quads of a build, written as Turtle here, are the build's own Turtle
    fast = io.BytesIO()
    store.serialize(quads, fast, "turtle")
    assert fast.getvalue() == seed_ttl.read_bytes()


def test_every_mention_quotes_a_sentence_even_a_fact_found_outside_one(tmp_path, seed_ttl):
    """queries/fact_sources.rq joins gov:sentence and gov:rule plainly (not OPTIONAL, which is
    slower): a mention without them would drop its fact from the list. The shapes require both,
    and a mention whose extractor gave no sentence quotes its own words."""
    import dataclasses

    from .test_workers import _records
    docs, emitter = _records(SEEDS)
    d = next(d for d in docs if any(a.people for a in d.articles))
    art = next(a for a in d.articles if a.people)
    p = art.people[0]
    art.people[0] = dataclasses.replace(p, sentence="")
    block = emitter.file_graph(d).data.decode()
    m = "<https://govkg.org/id/mention/"
    lines = [ln for ln in block.splitlines() if ln.startswith(m) and f"/{p.start}-{p.end}-person>" in ln.split(" ")[0]]
    assert any(" <https://govkg.org/ns#sentence> " in ln and f'"{d.text[p.start:p.end]}"@zh' in ln for ln in lines), lines

    quads = [q for q in ox.parse(path=str(seed_ttl), format=ox.RdfFormat.TURTLE)]
    dropped = next(q for q in quads if q.predicate.value == "https://govkg.org/ns#sentence")
    broken = tmp_path / "broken.nt"
    broken.write_bytes(ox.serialize([q.triple for q in quads if q != dropped], format=ox.RdfFormat.N_TRIPLES))
    done = run_kg("validate", "--graph", str(broken))
    assert done.returncode == 1
    assert "every mention quotes one sentence" in done.stdout
