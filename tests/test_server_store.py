"""The graph in a real SPARQL server: an Oxigraph server started here on a free loopback port and
stopped by its PID. Built into through the CLI, queried with SPARQLWrapper, through RemoteStore
and through the viewer, and compared with the embedded store on the seeds."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pyoxigraph as ox
import pytest

from kg.backends import RemoteStore, is_remote
from kg.backends.launch import free_port, oxigraph_binary, start_oxigraph
from kg.backends.remote import endpoints_for, query_form
from kg.errors import KgError
from kg.store import Store

from .conftest import KG, ROOT, SEEDS, run_kg

QUERIES = ["officials", "participants", "events"]
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
pytestmark = pytest.mark.skipif(oxigraph_binary() is None, reason="no oxigraph server binary (pip install oxigraph)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield srv
    srv.stop()
    assert srv.proc.poll() is not None


@pytest.fixture(scope="module")
def built(server, tmp_path_factory):
    """The seeds built once: into the server and into a TriG file, by the same command."""
    trig = tmp_path_factory.mktemp("built") / "seeds.trig"
    done = run_kg("build", str(SEEDS), "-o", str(trig), "--store", server.url)
    assert done.returncode == 0, done.stderr
    assert "loaded" in done.stderr and "into " + server.url in done.stderr
    return trig


@pytest.fixture(scope="module")
def embedded(built):
    return Store.open(built)


@pytest.fixture(scope="module")
def remote(server, built):
    store = Store.open(server.url)
    assert isinstance(store, RemoteStore)
    return store


def rows(result) -> list[tuple[str, ...]]:
    vars_ = result.variables
    return [tuple(str(s[v]) if s[v] is not None else "" for v in vars_) for s in result]


def viewer_urls(embedded) -> list[str]:
    """Pages of the viewer that read the store directly (no query workers)."""
    from urllib.parse import quote
    urls = ["/", "/index.json", "/downloads.json"]
    for cls, kind in (("schema:Person", "person"), ("schema:Event", "event"), ("org:Organization", "body")):
        for r in embedded.query(f"SELECT ?x WHERE {{ ?x a {cls} }} ORDER BY ?x LIMIT 1"):
            iri = r["x"].value
            key = iri.split(f"/{kind}/", 1)[-1]
            urls += [f"/{kind}/{quote(key)}", f"/resource.json?iri={quote(iri)}"]
    name = next(iter(embedded.query("SELECT ?n WHERE { ?p a schema:Person ; rdfs:label ?n } ORDER BY ?n LIMIT 1")))["n"]
    urls.append(f"/search.json?q={quote(name.value[:1])}")
    return urls


def compare_viewer(remote, embedded, only: str = "", skip: str = "") -> int:
    """The viewer over the server answers as over the embedded store, page for page."""
    from web.app import create_app
    a, b = create_app(remote).test_client(), create_app(embedded).test_client()
    same = 0
    for url in viewer_urls(embedded):
        if (only and not url.startswith(only)) or (skip and url.startswith(skip)):
            continue
        want = b.get(url)
        if want.status_code != 200:  # a page the viewer does not have (yet): not this test's business
            continue
        got = a.get(url)
        assert got.status_code == 200, url
        assert got.get_data(as_text=True) == want.get_data(as_text=True), url
        same += 1
    return same


def test_specs_and_endpoints(tmp_path, monkeypatch):
    ep = endpoints_for("http://127.0.0.1:7878")
    assert (ep.query, ep.update, ep.graph_store, ep.union) == (
        "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update", "http://127.0.0.1:7878/store", "param")
    monkeypatch.setenv("GOVKG_STORE_USER", "dba")
    monkeypatch.setenv("GOVKG_STORE_PASSWORD", "secret")
    ep = endpoints_for("http://127.0.0.1:8890/sparql")
    assert ep.kind == "virtuoso" and ep.union == "native" and ep.auth == "digest"
    assert ep.graph_store.endswith("/sparql-graph-crud-auth") and ep.update.endswith("/sparql-auth")
    assert (ep.user, ep.password) == ("dba", "secret") and "secret" not in repr(ep)
    monkeypatch.delenv("GOVKG_STORE_USER")
    monkeypatch.delenv("GOVKG_STORE_PASSWORD")
    assert endpoints_for("http://127.0.0.1:8890/sparql").graph_store.endswith("/sparql-graph-crud")
    ep = endpoints_for("http://127.0.0.1:3030/ds")
    assert ep.kind == "generic" and ep.union == "copy" and ep.query == ep.graph_store
    ini = tmp_path / "server.ini"
    ini.write_text("[store]\nkind = generic\nquery = http://h/q\nupdate = http://h/u\ngraph_store = http://h/g\n"
                   "union = native\nuser = me\npassword_env = MY_PW\nbatch = 10\n", encoding="utf-8")
    monkeypatch.setenv("MY_PW", "pw")
    assert is_remote(ini) and is_remote("https://x/sparql") and not is_remote(SEEDS)
    ep = endpoints_for(ini)
    assert (ep.query, ep.update, ep.graph_store, ep.union, ep.user, ep.password, ep.batch) == (
        "http://h/q", "http://h/u", "http://h/g", "native", "me", "pw", 10)
    with pytest.raises(KgError, match="not in the URL"):
        endpoints_for("http://dba:dba@127.0.0.1:8890/sparql")
    ini.write_text("[store]\nurl = http://h/\nsecret = x\n", encoding="utf-8")
    with pytest.raises(KgError, match="unknown keys"):
        endpoints_for(ini)


def test_substitutions_bind_before_filters(remote, embedded):
    from kg.backends.remote import inline_values
    q = ox.Literal("x")
    assert inline_values('SELECT ?s WHERE { ?s ?p "}" FILTER(?o < 3) }', {"q": q}) == \
        'SELECT ?s WHERE { VALUES (?q) { ("x") }  ?s ?p "}" FILTER(?o < 3) }'
    assert inline_values("CONSTRUCT { ?s ?p ?q } { ?s ?p ?q }", {"q": q}).startswith(
        "CONSTRUCT { ?s ?p ?q } { VALUES")
    text = "SELECT ?s WHERE { ?s rdfs:label ?l FILTER(CONTAINS(STR(?l), STR(?q))) } ORDER BY ?s"
    subs = {ox.Variable("q"): ox.Literal("丁")}
    want = [r["s"] for r in embedded.query(inline_values(text, {"q": ox.Literal("丁")}))]
    got = [r["s"] for r in remote.inner.query(text, use_default_graph_as_union=True, prefixes={"rdfs": RDFS},
                                                substitutions=subs)]
    assert want and got == want
    assert len(remote.inner) == len(embedded.inner)


def test_query_form():
    assert query_form("# c\nPREFIX a: <x>\nBASE <y>\n construct where {}") == "CONSTRUCT"
    assert query_form("SELECT * {}") == "SELECT" and query_form("ask {}") == "ASK"


@pytest.mark.parametrize("name", QUERIES)
def test_named_queries_match_embedded(remote, embedded, name):
    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    want, got = embedded.query(text), remote.query(text)
    assert [v.value for v in got.variables] == [v.value for v in want.variables]
    want_rows, got_rows = rows(want), rows(got)
    assert want_rows and sorted(got_rows) == sorted(want_rows)


def test_store_interface(remote, embedded):
    assert len(remote) == len(embedded) > 1000
    assert set(remote.quads()) == set(embedded.quads())
    ask = remote.query("ASK { ?p a schema:Person }")
    assert isinstance(ask, ox.QueryBoolean) and bool(ask)
    con = remote.query("CONSTRUCT { ?p a schema:Person } WHERE { ?p a schema:Person }")
    assert isinstance(con, ox.QueryTriples)
    assert {t for t in con} == {t for t in embedded.query("CONSTRUCT { ?p a schema:Person } WHERE { ?p a schema:Person }")}
    name = next(iter(embedded.query("SELECT ?n WHERE { ?p a schema:Person ; rdfs:label ?n } ORDER BY ?n LIMIT 1")))["n"]
    q = "SELECT ?p WHERE { ?p rdfs:label ?n }"
    assert rows(remote.query(q, {"n": name})) == rows(embedded.query(q, {"n": name}))
    with pytest.raises(SyntaxError):
        remote.query("SELEC nothing")


def test_sparqlwrapper(server, embedded, built):
    from SPARQLWrapper import JSON, SPARQLWrapper
    text = (ROOT / "queries" / "participants.rq").read_text(encoding="utf-8")
    sw = SPARQLWrapper(server.url + "/query")
    sw.addParameter("union-default-graph", "true")
    sw.setMethod("POST")
    sw.setQuery(text)
    sw.setReturnFormat(JSON)
    got = sw.queryAndConvert()["results"]["bindings"]
    want = rows(embedded.query(text))
    assert len(got) == len(want) > 0
    assert sorted(tuple(b[v]["value"] for v in ("file", "name", "role")) for b in got) == \
        sorted((r[0].strip('"'), r[2].split('"')[1], r[3].strip('"')) for r in want)


def test_viewer_over_server(remote, embedded):
    assert compare_viewer(remote, embedded) >= 1


def test_cli_query_and_push_replace(server, built, embedded, tmp_path, monkeypatch):
    done = run_kg("query", str(ROOT / "queries" / "events.rq"), "--graph", server.url, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["results"]["bindings"]) == len(rows(embedded.query(
        (ROOT / "queries" / "events.rq").read_text(encoding="utf-8"))))
    # a push in small batches (many requests) of one file's build replaces the whole graph on the server
    small = tmp_path / "one.nq"
    assert run_kg("build", str(sorted(SEEDS.iterdir())[0]), "-o", str(small), "-q").returncode == 0
    env = {**os.environ, "GOVKG_STORE_BATCH": "300"}
    done = subprocess.run([*KG, "push", str(small), "--store", server.url], cwd=ROOT, capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "stale graphs dropped" in done.stderr
    store = Store.open(server.url)
    assert set(store.quads()) == set(Store.open(small).quads())
    # and pushing the full build (Turtle: no graphs) back gives every triple again
    ttl = tmp_path / "all.ttl"
    assert run_kg("export", "--graph", str(built), "-o", str(ttl)).returncode == 0
    done = subprocess.run([*KG, "push", str(ttl), "--store", server.url], cwd=ROOT, capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert {q.triple for q in store.quads()} == {q.triple for q in embedded.quads()}
    for name in QUERIES:
        text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
        assert sorted(rows(store.query(text))) == sorted(rows(embedded.query(text)))
    # back to the named-graph build for the other tests
    assert run_kg("push", str(built), "--store", server.url, "-q").returncode == 0
    assert len(store) == len(embedded)


def test_serve_store(server, built):
    import requests
    port = free_port()
    proc = subprocess.Popen([*KG, "serve", "--store", server.url, "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline, page = time.monotonic() + 30, None
        while time.monotonic() < deadline and page is None:
            try:
                page = requests.get(f"http://127.0.0.1:{port}/", timeout=2)
            except requests.RequestException:
                assert proc.poll() is None, proc.stdout.read().decode()
                time.sleep(0.2)
        assert page is not None and page.status_code == 200
        assert str(len(Store.open(built))) in page.text
    finally:
        proc.terminate()
        proc.wait(10)
        proc.stdout.close()
    bad = run_kg("serve", "--store", "not-a-url")
    assert bad.returncode == 2


def test_unreachable_server_is_one_line():
    done = run_kg("query", "SELECT * { ?s ?p ?o }", "--graph", f"http://127.0.0.1:{free_port()}")
    assert done.returncode == 1 and "cannot reach the SPARQL server" in done.stderr
    assert "Traceback" not in done.stderr


class _Cut(BaseHTTPRequestHandler):
    """A server that cuts results as Virtuoso does at ResultSetMaxRows."""

    def do_POST(self):
        body = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": []}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("X-SPARQL-MaxRows", "10000")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_cut_results_raise():
    httpd = HTTPServer(("127.0.0.1", 0), _Cut)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    try:
        store = RemoteStore(endpoints_for(f"http://127.0.0.1:{httpd.server_port}/sparql"), "cut")
        with pytest.raises(KgError, match="cut the result at 10000"):
            store.query("SELECT ?s { ?s ?p ?o }")
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_remote_store_pickles(remote):
    import pickle
    again = pickle.loads(pickle.dumps(remote))
    assert len(again) == len(remote)

