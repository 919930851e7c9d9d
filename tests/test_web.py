"""The viewer's pages through Flask's test client: every route, its JSON twin, escaping, downloads."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from urllib.parse import quote

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib

from kg.ontology import LABEL, A, G, IRIs, T, integer, lit, zh

from .conftest import ROOT

XSS = "<img src=x onerror=alert(1)>"
XSS_NAME = "<script>alert(2)</script>王"


def xss_quads() -> list[ox.Quad]:
    """An article, a person and an event whose labels try to inject markup."""
    iris = IRIs()
    g = iris.graph("xss.txt")
    f, a, p = iris.file("xss.txt"), iris.article("xss.txt", 0), iris.person("xss")
    e, m = iris.event("xss"), iris.mention("xss.txt", 0, 4, "person")
    text = XSS + " " + XSS_NAME + " 出席会议。"
    return [
        ox.Quad(f, A, G["SourceFile"], g), ox.Quad(f, G["fileName"], lit("xss.txt"), g),
        ox.Quad(f, G["content"], lit(text), g),
        ox.Quad(a, A, T["NewsArticle"], g), ox.Quad(a, G["sourceFile"], f, g), ox.Quad(a, T["headline"], zh(XSS), g),
        ox.Quad(a, T["beginIndex"], integer(0), g), ox.Quad(a, T["endIndex"], integer(len(text)), g),
        ox.Quad(a, G["event"], e, g),
        ox.Quad(p, A, T["Person"], g), ox.Quad(p, LABEL, zh(XSS_NAME), g),
        ox.Quad(m, A, G["Mention"], g), ox.Quad(m, G["inArticle"], a, g), ox.Quad(m, G["person"], p, g),
        ox.Quad(m, T["beginIndex"], integer(len(XSS) + 1), g),
        ox.Quad(m, T["endIndex"], integer(len(XSS) + 1 + len(XSS_NAME)), g),
        ox.Quad(m, G["sentence"], zh(text), g),
        ox.Quad(e, A, T["Event"], g), ox.Quad(e, LABEL, zh(XSS), g),
        ox.Quad(iris.participation("xss", "xss", "attended"), A, G["Participation"], g),
        ox.Quad(iris.participation("xss", "xss", "attended"), G["event"], e, g),
        ox.Quad(iris.participation("xss", "xss", "attended"), G["participant"], p, g),
        ox.Quad(iris.participation("xss", "xss", "attended"), G["role"], G["attended"], g),
    ]


@pytest.fixture(scope="module")
def app(seed_store):
    from web import create_app
    app = create_app(seed_store, {"QUERY_TIMEOUT": 10})
    yield app
    app.extensions["govkg"].close()


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def xss_client(seed_store):
    from kg.store import Store
    from web import create_app
    store = Store.from_quads(list(seed_store.quads()) + xss_quads())
    app = create_app(store, {"QUERY_TIMEOUT": 10, "QUERY_WORKERS": 1})
    yield app.test_client()
    app.extensions["govkg"].close()


P = "/person/" + quote("王文杰")
EVENT = "/event/11068cc071a0ddaa"  # 市七届人大常委会第五十二次主任会议
ARTICLE = "/article/000_51f39b9f8458e720.txt/1"
BODY = "/body/" + quote("411025~城关镇")  # 襄城县城关镇, keyed under its county's code
PLACE = "/place/" + quote("西湖社区")

PAGES = ["/", "/search?q=王", P, EVENT, ARTICLE, BODY, PLACE, "/network/person/" + quote("王文杰"),
         "/query", "/query?name=person_meetings", "/downloads", "/file/000_51f39b9f8458e720.txt",
         "/resource?iri=" + quote("https://schema.org/Person")]
TWINS = ["/index.json", "/search.json?q=王", P + ".json", EVENT + ".json", ARTICLE + ".json", BODY + ".json",
         PLACE + ".json", "/network/person/" + quote("王文杰") + ".json", "/query.json?name=officials",
         "/downloads.json", "/file/000_51f39b9f8458e720.txt.json", "/resource.json?iri=" + quote("https://schema.org/Person")]


@pytest.mark.parametrize("url", PAGES)
def test_pages_are_html_with_a_csp(client, url):
    r = client.get(url)
    assert r.status_code == 200, (url, r.data[:500])
    assert r.mimetype == "text/html"
    assert "default-src 'self'" in r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    html = r.get_data(as_text=True)
    assert "http://" not in html.replace("http://www.w3.org", "").split("<main>")[0]  # nothing external in <head>
    assert "<script>" not in html  # no inline script: the CSP forbids it


@pytest.mark.parametrize("url", TWINS)
def test_every_page_has_a_json_twin(client, url):
    r = client.get(url)
    assert r.status_code == 200, (url, r.data[:500])
    assert r.mimetype == "application/json"
    assert isinstance(r.get_json(), dict)


def test_the_json_link_of_a_page_points_at_its_twin(client):
    html = client.get(BODY).get_data(as_text=True)
    href = html.split('class="json" href="')[1].split('"')[0]
    assert client.get(href).get_json()["name"] == "襄城县城关镇"


@pytest.mark.parametrize("url", ["/person/nobody", "/person/nobody.json", "/event/0000", "/network/person/nobody",
                                 "/queries/nothing.rq", "/nothing", "/resource?iri=not%20an%20iri"])
def test_unknown_things_are_404_or_400(client, url):
    r = client.get(url)
    assert r.status_code in (400, 404)
    assert "Content-Security-Policy" in r.headers


def test_home_counts_and_examples(client):
    d = client.get("/index.json").get_json()
    assert d["counts"]["people"] > 50 and d["counts"]["events"] > 10 and d["counts"]["triples"] > 3000
    assert d["people"] and d["events"]
    assert "person_meetings" in d["queries"]


def test_search_finds_people_bodies_places_events(client):
    for q, kind, label in [("王文杰", "person", "王文杰"), ("城关镇", "body", "襄城县城关镇"), ("西湖", "place", "西湖社区"),
                           ("主任会议", "event", "市七届人大常委会第五十二次主任会议")]:
        d = client.get("/search.json?q=" + quote(q)).get_json()
        assert label in [r["label"] for r in d["results"][kind]], (q, d)
    assert client.get("/search.json?q=").get_json()["total"] == 0
    html = client.get("/search?q=" + quote("王文杰")).get_data(as_text=True)
    assert f'href="{P}"' in html


def test_person_page(client):
    d = client.get(P + ".json").get_json()
    assert d["name"] == "王文杰"
    titles = {p["title"] for p in d["posts"]}
    assert "市人大常委会副主任" in titles
    assert any(p["first_seen"] for p in d["posts"])
    meeting = next(m for m in d["meetings"] if m["label"] == "市七届人大常委会第五十二次主任会议")
    assert meeting["roles"] == ["attended"] and meeting["date"] == "2020-11-23"
    assert d["coattendees"][0]["shared"] >= d["coattendees"][-1]["shared"]
    assert "王堃" in [c["label"] for c in d["coattendees"]]
    q = d["quotes"][0]
    assert q["sentence"] and q["article"]["url"].startswith("/article/") and "#at-" in q["article"]["url"]
    html = client.get(P).get_data(as_text=True)
    for section in ("Posts over time", "Meetings and events", "Co-attendees", "Quotes", "Graph view"):
        assert section in html


def test_event_page(client):
    d = client.get(EVENT + ".json").get_json()
    assert d["date"] == "2020-11-23" and d["ordinal"] == 52
    people = {p["label"]: p["roles"] for p in d["participants"]}
    assert "presided" in people["王堃"] and people["王文杰"] == ["attended"]
    assert d["participants"][0]["label"] == "王堃"  # who presided comes first
    assert d["sources"] and all(s["article"]["url"].startswith("/article/") for s in d["sources"])


def test_body_and_place_pages(client):
    d = client.get(BODY + ".json").get_json()
    assert d["name"] == "襄城县城关镇" and d["members"]
    d = client.get("/place/" + quote("西湖社区") + ".json").get_json()
    assert d["name"] == "西湖社区" and d["level"] == "community"


def test_article_highlights_mentions_at_their_offsets(client):
    d = client.get(ARTICLE + ".json").get_json()
    assert d["headline"].startswith("全市民营经济")
    assert d["mentions"]
    for m in d["mentions"]:
        if m["anchor"] is not None:
            assert d["text"][m["begin"] - d["begin"]:m["end"] - d["begin"]] == m["anchor"]
    assert "".join(s["text"] for s in d["segments"]) == d["text"]
    html = client.get(ARTICLE).get_data(as_text=True)
    assert '<mark class="m m-person' in html and f'<a href="{P}">王文杰</a>' in html
    first = d["mentions"][0]
    assert f'id="at-{first["begin"]}"' in html


def test_graph_view_json_is_capped_and_linked(client):
    url = "/network/person/" + quote("王文杰") + ".json"
    d = client.get(url + "?depth=2").get_json()
    assert d["depth"] == 2 and len(d["nodes"]) > 5 and d["edges"]
    assert d["nodes"][0]["url"] == P and d["nodes"][0]["group"] == "person"
    assert {"person", "event"} <= {lg["group"] for lg in d["legend"]}
    assert all(e["label"] for e in d["edges"])
    small = client.get(url + "?depth=2&max=3").get_json()
    assert len(small["nodes"]) == 3 and small["left_out"] == d["total"] - 3
    ids = {n["id"] for n in small["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in small["edges"])
    html = client.get("/network/person/" + quote("王文杰") + "?depth=2&max=3").get_data(as_text=True)
    assert "left out" in html and "/static/vendor/vis-network.min.js" in html


def test_kg_serve_builds_the_graph_view_index_before_the_first_view(seed_store):
    """run_server starts web.server.warm_up: the first graph view a user opens does not wait
    for the index (0.8 s on a 1M-triple graph)."""
    from web import create_app
    from web.server import warm_up
    state = create_app(seed_store, {"QUERY_TIMEOUT": 10}).extensions["govkg"]
    index = state.network()
    assert not index._ready and not index.nodes
    warm_up(state).join(timeout=60)
    assert index._ready and len(index.nodes) > 100
    assert any(kind == "person" for kind, _ in index.nodes.values())


def test_static_files_are_served_locally(client):
    for name in ("vendor/vis-network.min.js", "vendor/vis-network.css", "network.js", "style.css", "favicon.svg"):
        r = client.get("/static/" + name)
        assert r.status_code == 200 and len(r.data) > 100, name
        r.close()


def test_query_page_runs_named_queries_and_caps_rows(app, client):
    html = client.get("/query").get_data(as_text=True)
    for name in ("person_meetings", "coattendance", "body_meetings", "presided_most", "person_career",
                 "post_holders_on_date", "fact_sources", "officials"):
        assert f'data-name="{name}"' in html
    d = client.get("/query.json?name=person_meetings").get_json()
    assert not d["error"] and d["rows"] and d["vars"][0] == "person"
    d = client.get("/query.json?name=person_career&b_person=" + quote("https://govkg.org/id/person/王文杰")).get_json()
    assert not d["error"] and {r[1]["value"] for r in d["rows"]} == {"王文杰"}
    old = app.config["MAX_ROWS"]
    app.config["MAX_ROWS"] = 5
    try:
        d = client.get("/query.json?query=" + quote("SELECT * WHERE { ?s ?p ?o }")).get_json()
    finally:
        app.config["MAX_ROWS"] = old
    assert len(d["rows"]) == 5 and d["truncated"]
    assert {x["format"] for x in d["downloads"]} == {"json", "csv", "tsv", "xml"}
    r = client.get(d["downloads"][1]["url"])
    assert r.status_code == 200 and r.mimetype == "text/csv" and r.data.count(b"\n") > 1000


@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "queries").glob("*.rq")))
def test_every_named_query_runs(client, name):
    d = client.get(f"/query.json?name={name}").get_json()
    assert d["error"] is None, d["error"]
    assert d["rows"], name
    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    assert text.startswith("# ") and "Variables:" in text


def test_query_page_shows_errors(client):
    d = client.get("/query.json?query=" + quote("SELECT WHERE {")).get_json()
    assert d["error"] and "error" in d["error"].lower()
    d = client.get("/query.json?query=" + quote("INSERT DATA { <a:a> <a:b> <a:c> }")).get_json()
    assert "read-only" in d["error"]


def test_downloads(client, seed_store):
    r = client.get("/download/graph.ttl")
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    g = rdflib.Graph()
    g.parse(data=r.data, format="turtle")
    assert len(g) == len({q.triple for q in seed_store.quads()})
    for ext, fmt in (("trig", ox.RdfFormat.TRIG), ("nq", ox.RdfFormat.N_QUADS), ("jsonld", ox.RdfFormat.JSON_LD),
                     ("nt", ox.RdfFormat.N_TRIPLES)):
        r = client.get(f"/download/graph.{ext}")
        assert r.status_code == 200 and "attachment" in r.headers["Content-Disposition"]
        assert len(list(ox.parse(r.data, format=fmt))) >= len(g), ext
    for ext in ("graphml", "gexf"):
        r = client.get(f"/download/network.{ext}")
        assert r.status_code == 200
        net = nx.read_graphml(io.BytesIO(r.data)) if ext == "graphml" else nx.read_gexf(io.BytesIO(r.data))
        assert net.number_of_nodes() > 50


def test_popolo(client):
    d = json.loads(client.get("/download/popolo.json").data)
    assert {"persons", "organizations", "posts", "memberships", "events"} <= set(d)
    persons = {p["id"] for p in d["persons"]}
    orgs = {o["id"] for o in d["organizations"]}
    posts = {p["id"] for p in d["posts"]}
    assert "王文杰" in {p["name"] for p in d["persons"]}
    for m in d["memberships"]:
        assert m["person_id"] in persons and m["post_id"] in posts
        assert m.get("organization_id") is None or m["organization_id"] in orgs


def test_every_label_is_escaped(xss_client):
    c = xss_client
    art = "/article/xss.txt/0"
    pages = [art, "/person/xss", "/search?q=" + quote("<img"), "/search?q=" + quote("<script>"),
             "/query?query=" + quote("SELECT ?h WHERE { ?a schema:headline ?h }"), "/network/person/xss",
             "/file/xss.txt", "/event/" + IRIs().event("xss").value.rsplit("/", 1)[1]]
    for url in pages:
        r = c.get(url)
        assert r.status_code == 200, url
        html = r.get_data(as_text=True)
        assert "<img src=x" not in html and "<script>alert" not in html, url
        assert "&lt;img src=x onerror=alert(1)&gt;" in html or "&lt;script&gt;alert(2)" in html, url
    d = c.get("/network/person/xss.json").get_json()
    assert XSS_NAME in [n["label"] for n in d["nodes"]] or any(XSS_NAME[:20] in n["title"] for n in d["nodes"])


def test_viewer_never_imports_extraction_code():
    code = ("import sys, web, web.app, web.server, web.pool, web.data, web.graphview;"
            "bad = [m for m in sys.modules if m.split('.')[:2] in (['kg','extract'],['kg','pipeline'],['kg','text'],['kg','articles'])];"
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
