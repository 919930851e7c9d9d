"""Every named query in queries/ runs on the seed graph, and the bindable ones answer as documented."""

from __future__ import annotations

import csv
import io
import re

import pytest

from .conftest import ROOT, run_kg

QUERIES = sorted((ROOT / "queries").glob("*.rq"))


@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_every_named_query_runs_and_documents_itself(seed_ttl, path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#"), "a named query starts with a comment saying what it does"
    done = run_kg("query", str(path), "--graph", str(seed_ttl), "--format", "csv")
    assert done.returncode == 0, done.stderr
    header = done.stdout.splitlines()[0].split(",")
    documented = re.search(r"# Variables: (.*)", text).group(1)
    for var in header:
        assert f"?{var}" in documented, (path.name, var)
    assert len(done.stdout.splitlines()) > 1, f"{path.name} gives no rows on the seeds"


def rows(seed_ttl, name, *binds):
    args = ["query", str(ROOT / "queries" / f"{name}.rq"), "--graph", str(seed_ttl), "--format", "csv"]
    for b in binds:
        args += ["--bind", b]
    done = run_kg(*args)
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


PERSON = "person=https://govkg.org/id/person/"


def test_person_meetings_in_a_date_range(seed_ttl):
    all_ = rows(seed_ttl, "person_meetings", PERSON + "王文杰")
    assert {r["label"] for r in all_} >= {"市七届人大常委会第五十二次主任会议"} and len(all_) == 2
    nov = rows(seed_ttl, "person_meetings", PERSON + "王文杰", "from=2020-11-01", "to=2020-11-30")
    assert [r["label"] for r in nov] == ["市七届人大常委会第五十二次主任会议"]
    assert rows(seed_ttl, "person_meetings", PERSON + "王文杰", "from=2021-01-01") == []


def test_coattendance_of_two_people(seed_ttl):
    pairs = {r["otherName"]: int(r["shared"]) for r in rows(seed_ttl, "coattendance", PERSON + "王文杰")}
    assert pairs["赵淑红"] == 2 and pairs["王堃"] == 1


def test_who_presided_most(seed_ttl):
    top = rows(seed_ttl, "presided_most")
    assert {r["name"] for r in top} >= {"王堃", "李朝锋", "赵淑红", "何东亚"}
    assert all(int(r["presided"]) >= 1 for r in top)


def test_career_and_holders_on_a_date(seed_ttl):
    career = {r["title"] for r in rows(seed_ttl, "person_career", PERSON + "王文杰")}
    assert career == {"市委常委", "市委统战部副部长", "市人大常委会副主任"}
    holders = rows(seed_ttl, "post_holders_on_date", "on=2020-11-24", "title=市人大常委会副主任@zh")
    assert {r["name"] for r in holders} == {"王文杰", "韩国全", "周为民", "王宏伟", "唐群喜", "张书杰"}
    assert rows(seed_ttl, "post_holders_on_date", "on=2021-06-01") == []     # the bound date is used


def test_sources_of_a_fact(seed_ttl):
    facts = rows(seed_ttl, "fact_sources", PERSON + "王堃")
    assert facts and all(r["sentence"] and r["file"] for r in facts)
    assert any("主持会议并讲话" in r["sentence"] for r in facts)


def test_body_meetings(seed_ttl):
    found = rows(seed_ttl, "body_meetings")
    assert any(r["how"] == "organiser" for r in found) or found


def test_events_without_participants_are_listed_under_nobody(seed_ttl):
    from kg.store import Store
    facts = rows(seed_ttl, "fact_sources")
    nobody = {r["fact"] for r in facts if r["person"] == "https://govkg.org/ns#nobody"}
    store = Store.open(seed_ttl)
    events = {r["e"].value for r in store.query("SELECT ?e WHERE { ?e a schema:Event }")}
    attended = {r["e"].value for r in store.query(
        "SELECT DISTINCT ?e WHERE { ?p a gov:Participation ; gov:event ?e }")}
    assert nobody == events - attended and nobody            # the seeds have a few (a press conference …)
    flagged = {r["e"].value for r in store.query("SELECT ?e WHERE { ?e gov:noParticipant true }")}
    assert flagged == nobody                                 # the build marks them too
    assert all(r["kind"] == "event" and r["sentence"] for r in facts if r["fact"] in nobody)


def test_bound_fact_sources_are_the_unbound_rows_of_that_person_or_fact(seed_ttl):
    """fact_sources takes its bindings inside the branches of its union too (#@values lines):
    the rows for a person, or a fact, are exactly the unbound rows of that person or fact, in the
    same order, and a person never gets the events nobody attended."""
    import pyoxigraph as ox

    from kg.sparqltext import inline_values
    from kg.store import Store
    store = Store.open(seed_ttl)
    text = (ROOT / "queries" / "fact_sources.rq").read_text(encoding="utf-8")
    assert len(re.findall(r"^#@values$", text, re.M)) == 4 and "VALUES" in inline_values(text, {"person": ox.NamedNode("x:y")})
    every = [tuple(str(v) for v in r) for r in store.query(text)]
    people = sorted({r[2] for r in every if "nobody" not in r[2]})
    assert len(people) > 20
    for p in people[:: max(1, len(people) // 8)]:
        bound = [tuple(str(v) for v in r) for r in store.query(text, {"person": ox.NamedNode(p[1:-1])})]
        assert bound == [r for r in every if r[2] == p], p
    nobody = next(r for r in every if "nobody" in r[2])
    fact = ox.NamedNode(nobody[0][1:-1])
    assert [tuple(str(v) for v in r) for r in store.query(text, {"fact": fact})] == [r for r in every if r[0] == nobody[0]]


def test_bound_coattendance_is_the_unbound_rows_of_that_person(seed_ttl):
    """coattendance counts pairs in a subquery that takes the binding at its #@values line: one
    person's pairs are exactly the unbound rows of that person, in the same order."""
    import pyoxigraph as ox

    from kg.store import Store
    store = Store.open(seed_ttl)
    text = (ROOT / "queries" / "coattendance.rq").read_text(encoding="utf-8")
    assert len(re.findall(r"^#@values$", text, re.M)) == 1

    def norm(r):       # GROUP_CONCAT's order is the engine's: compare the labels as a set
        t = [str(v) for v in r]
        t[5] = tuple(sorted(r[5].value.split(" | ")))
        return tuple(t)
    every = [norm(r) for r in store.query(text)]
    people = sorted({r[0] for r in every})
    assert len(people) > 10 and all(int(r[4].split('"')[1]) >= 1 for r in every)
    assert len({(r[0], r[2]) for r in every}) == len(every)        # a pair once from each side
    for p in people:
        bound = [norm(r) for r in store.query(text, {"person": ox.NamedNode(p[1:-1])})]
        assert bound == [r for r in every if r[0] == p], p
