"""The SPARQL endpoint: the protocol through the test client, and a live ``kg serve`` used by real
clients (SPARQLWrapper, curl); read-only, no outbound requests, a time limit, clean shutdown."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
import rdflib

from .conftest import ROOT

KG = [sys.executable, "-m", "kg.cli"]
# a cross product of the graph with itself, three times: ~5·10^10 rows, never finishes
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
NAMED = (ROOT / "queries" / "person_meetings.rq").read_text(encoding="utf-8")


# --- a live server ----------------------------------------------------------------------------

class Live:
    def __init__(self, proc: subprocess.Popen, url: str, first_line: str, started: float):
        self.proc = proc
        self.url = url
        self.first_line = first_line
        self.started = started

    def get(self, path: str, timeout: float = 30, **headers):
        return self._send(urllib.request.Request(self.url + path, headers=headers), timeout)

    def post(self, path: str, body: bytes, ctype: str, timeout: float = 30, **headers):
        req = urllib.request.Request(self.url + path, data=body, headers={"Content-Type": ctype, **headers})
        return self._send(req, timeout)

    @staticmethod
    def _send(req, timeout: float):
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            body = e.read()
            e.close()
            return e.code, e.headers, body

    def children(self) -> list[int]:
        return children_of(self.proc.pid)


def children_of(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(d.name))
    return out


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@contextmanager
def serve(graph: Path, *args: str, env: dict | None = None):
    """``kg serve GRAPH --port 0``: yields once it answers; killed at the end whatever happens."""
    started = time.monotonic()
    proc = subprocess.Popen([*KG, "serve", str(graph), "--port", "0", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
    try:
        line = proc.stdout.readline()
        assert "http://" in line, (line, proc.stderr.read() if proc.poll() is not None else "")
        url = line[line.index("http://"):].strip().rstrip("/")
        live = Live(proc, url, line, started)
        deadline = time.monotonic() + 30
        while True:
            try:
                if live.get("/", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the server did not answer"
            time.sleep(0.1)
        yield live
    finally:
        if proc.poll() is None:
            kids = children_of(proc.pid)
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
            for k in kids:
                if alive(k):
                    os.kill(k, signal.SIGKILL)
        proc.stdout.close()
        proc.stderr.close()


@pytest.fixture(scope="module")
def live(seed_ttl):
    with serve(seed_ttl, "--timeout", "3") as server:
        yield server


@contextmanager
def listener():
    """A TCP listener on a free loopback port that records every connection it gets."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    got: list = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except (socket.timeout, OSError):
                continue
            conn.settimeout(1)
            try:
                got.append(conn.recv(4096) or b"<connected>")
            except OSError:
                got.append(b"<connected>")
            conn.close()

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    try:
        yield sock.getsockname()[1], got
    finally:
        stop.set()
        t.join(2)
        sock.close()


# --- the protocol through the test client ---------------------------------------------------------

@pytest.fixture(scope="module")
def client(seed_store):
    from web import create_app
    app = create_app(seed_store, {"QUERY_TIMEOUT": 2, "QUERY_WORKERS": 2})
    app.extensions["govkg"].pool().wait_ready(60)
    yield app.test_client()
    app.extensions["govkg"].close()


SELECT = "SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name LIMIT 5"
CONSTRUCT = "CONSTRUCT { ?p rdfs:label ?name } WHERE { ?p a schema:Person ; rdfs:label ?name } LIMIT 5"


@pytest.mark.parametrize("accept,mime,start", [
    ("application/sparql-results+json", "application/sparql-results+json", b'{"head"'),
    ("application/json", "application/sparql-results+json", b'{"head"'),
    ("application/sparql-results+xml", "application/sparql-results+xml", b"<?xml"),
    ("text/csv", "text/csv", b"name\r\n"),
    ("text/tab-separated-values", "text/tab-separated-values", b"?name\n"),
    ("*/*", "application/sparql-results+json", b'{"head"'),
])
def test_select_content_negotiation(client, accept, mime, start):
    r = client.get("/sparql?query=" + urllib.parse.quote(SELECT), headers={"Accept": accept})
    assert r.status_code == 200, r.data
    assert r.mimetype == mime and r.data.startswith(start)
    assert "Accept" in r.headers["Vary"]


@pytest.mark.parametrize("accept,mime,fmt", [
    ("text/turtle", "text/turtle", "turtle"), ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"), ("application/rdf+xml", "application/rdf+xml", "xml"),
])
def test_construct_content_negotiation(client, accept, mime, fmt):
    r = client.get("/sparql?query=" + urllib.parse.quote(CONSTRUCT), headers={"Accept": accept})
    assert r.status_code == 200 and r.mimetype == mime
    g = rdflib.Graph()
    g.parse(data=r.data, format=fmt)
    assert len(g) == 5


def test_post_form_and_post_body(client):
    r = client.post("/sparql", data={"query": SELECT}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.data.count(b"\r\n") == 6
    r = client.post("/sparql", data=SELECT.encode(), content_type="application/sparql-query",
                    headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and len(r.get_json()["results"]["bindings"]) == 5
    r = client.get("/sparql?format=csv&query=" + urllib.parse.quote(SELECT))
    assert r.mimetype == "text/csv"
    r = client.get("/sparql?query=" + urllib.parse.quote("ASK { ?p a schema:Person }"))
    assert r.get_json() == {"head": {}, "boolean": True}


def test_malformed_query_is_400_with_the_parser_message(client):
    r = client.get("/sparql?query=" + urllib.parse.quote("SELECT ?x WHERE { ?x ?y }"))
    assert r.status_code == 400 and r.mimetype == "text/plain"
    assert b"Malformed query" in r.data and b"error at" in r.data
    assert client.get("/sparql", headers={"Accept": "application/sparql-results+json"}).status_code == 400
    r = client.post("/sparql", data=b"x", content_type="application/octet-stream")
    assert r.status_code == 415


@pytest.mark.parametrize("query", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX ex: <http://example.org/> DELETE WHERE { ?s ?p ?o }",
    "# a comment\nLOAD <http://127.0.0.1:9/data.ttl>",
    "LOAD <file:///etc/passwd> INTO GRAPH <urn:g>",
    "CLEAR ALL", "DROP DEFAULT", "CREATE GRAPH <urn:g>",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "insert data { <urn:a> <urn:b> <urn:c> }",
])
def test_updates_are_refused_and_change_nothing(client, seed_store, query):
    n = len(seed_store)
    for r in (client.get("/sparql?query=" + urllib.parse.quote(query)),
              client.post("/sparql", data={"update": query}),
              client.post("/sparql", data=query.encode(), content_type="application/sparql-update"),
              client.post("/sparql", data=query.encode(), content_type="application/sparql-query")):
        assert r.status_code == 403, (query, r.data)
        assert b"read-only" in r.data
    assert len(seed_store) == n


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ # a comment }}\n SeRvIcE<http://127.0.0.1:{port}/>{{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<http://127.0.0.1:{port}/> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
    "SELECT * FROM <http://127.0.0.1:{port}/g> WHERE {{ ?s ?p ?o }} LIMIT 1",
])
def test_no_outbound_request_from_a_query(client, template):
    with listener() as (port, got):
        r = client.get("/sparql?query=" + urllib.parse.quote(template.format(port=port)))
        assert r.status_code in (200, 403), r.data
        if "FROM" not in template:
            assert r.status_code == 403 and b"SERVICE is refused" in r.data
        time.sleep(0.5)
    assert got == []


def test_service_in_a_string_or_variable_is_not_refused(client):
    q = 'SELECT ?service WHERE { BIND("SERVICE <http://x/> {}" AS ?service) } # SERVICE'
    r = client.get("/sparql?query=" + urllib.parse.quote(q))
    assert r.status_code == 200 and b"SERVICE" in r.data


def test_dataset_parameters_are_refused(client):
    r = client.get("/sparql?query=" + urllib.parse.quote(SELECT) + "&default-graph-uri=http://127.0.0.1:9/")
    assert r.status_code == 400


def test_workers_cannot_reach_the_network_even_past_the_check(seed_store, tmp_path):
    """Defence in depth: the worker itself runs SERVICE here, bypassing check_query."""
    from web.pool import PoolBusy, QueryFailed, QueryPool
    pool = QueryPool(str(ROOT / "no-such-graph.ttl"), size=1)
    try:
        with pytest.raises(PoolBusy):
            pool.run({"query": "ASK {}", "result": "json", "graph": "turtle"}, 5)
    finally:
        pool.close()
    path = tmp_path / "g.nt"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n")
    pool = QueryPool(str(path), size=1)
    try:
        assert pool.wait_ready(30)
        if not pool.isolated():
            pytest.skip("this kernel does not allow a private network namespace")
        with listener() as (port, got):
            q = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"
            with pytest.raises(QueryFailed):
                pool.run({"query": q, "result": "json", "graph": "turtle"}, 5)
            time.sleep(0.3)
        assert got == []
    finally:
        pool.close()


def test_time_limit_kills_the_worker_and_others_are_served(client):
    state = client.application.extensions["govkg"]
    pool = state.pool()
    assert pool.wait_ready(30)
    before = set(pool.pids())
    out = {}

    def slow():
        t = time.monotonic()
        r = client.get("/sparql?query=" + urllib.parse.quote(SLOW))
        out["slow"] = (r.status_code, r.data, time.monotonic() - t)

    t = threading.Thread(target=slow)
    t.start()
    time.sleep(0.3)
    t0 = time.monotonic()
    other = client.application.test_client()
    assert other.get("/sparql?query=" + urllib.parse.quote(SELECT)).status_code == 200
    assert other.get("/person/" + urllib.parse.quote("王文杰")).status_code == 200
    assert time.monotonic() - t0 < 1.5
    t.join(30)
    status, body, took = out["slow"]
    assert status == 503 and b"was stopped" in body and took < 10
    killed = before - set(pool.pids())
    assert len(killed) == 1
    time.sleep(0.2)
    assert not any(alive(pid) for pid in killed)
    assert pool.wait_ready(30) and len(pool.pids()) == 2  # replaced
    assert other.get("/sparql?query=" + urllib.parse.quote(SELECT)).status_code == 200


def test_result_size_cap(seed_store):
    from web import create_app
    app = create_app(seed_store, {"MAX_RESULT_BYTES": 10_000, "QUERY_WORKERS": 1})
    try:
        r = app.test_client().get("/sparql?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }"))
        assert r.status_code == 422 and b"larger than 10000 bytes" in r.data
    finally:
        app.extensions["govkg"].close()


def test_check_query_unit():
    from web.sparql import Refused, check_query
    for ok in ("SELECT * WHERE { ?service ?p ?o }", "SELECT * WHERE { ?s <http://x/SERVICE> ?o }",
               'ASK { FILTER("INSERT" != "") }', "PREFIX insert: <urn:x> SELECT * WHERE { ?s insert:p ?o }",
               "SELECT * WHERE { ?a ?b ?c FILTER(?a<?b) }"):
        check_query(ok)
    for bad in ("SELECT * { SERVICE <urn:x> { } }", "INSERT DATA {}", "  load <urn:x>",
                "PREFIX a: <urn:x>\nBASE <urn:y>\nDELETE DATA {}", "SELECT * { \\U00000053ERVICE <urn:x> {} }"):
        with pytest.raises(Refused):
            check_query(bad)
    with pytest.raises(Refused) as e:
        check_query("ASK {}" + " " * 200, max_length=100)
    assert e.value.status == 413


# --- real clients against a live server -------------------------------------------------------

def test_serve_binds_loopback_and_is_ready_quickly(live):
    assert live.url.startswith("http://127.0.0.1:")
    assert time.monotonic() - live.started < 15
    port = int(live.url.rsplit(":", 1)[1])
    listening = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:] + Path("/proc/net/tcp6").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
            listening.append(local.rsplit(":", 1)[0])
    assert listening == ["0100007F"]  # 127.0.0.1 only


def test_foreign_host_header_is_refused(live):
    """A page elsewhere that rebinds its DNS name to 127.0.0.1 cannot read the viewer."""
    status, _, body = live.get("/", **{"Host": "evil.example:5000"})
    assert status == 400 and b"Unexpected Host" in body
    assert live.get("/", **{"Host": "localhost"})[0] == 200


def test_sparqlwrapper_select_json_xml_csv(live):
    from SPARQLWrapper import CSV, JSON, XML, SPARQLWrapper
    sw = SPARQLWrapper(live.url + "/sparql")
    sw.setQuery("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX schema: <https://schema.org/> "
                "SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name")
    sw.setReturnFormat(JSON)
    rows = sw.query().convert()["results"]["bindings"]
    names = [r["name"]["value"] for r in rows]
    assert "王文杰" in names and len(names) > 50
    assert rows[0]["name"].get("xml:lang") == "zh"
    sw.setReturnFormat(XML)
    doc = sw.query().convert()
    assert len(doc.getElementsByTagName("result")) == len(names)
    sw.setReturnFormat(CSV)
    csv = sw.query().convert().decode("utf-8")
    assert csv.splitlines()[0] == "name" and "王文杰" in csv
    sw.setMethod("POST")
    sw.setReturnFormat(JSON)
    assert len(sw.query().convert()["results"]["bindings"]) == len(names)


def test_sparqlwrapper_ask_and_construct(live):
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper
    sw = SPARQLWrapper(live.url + "/sparql")
    sw.setQuery('ASK { ?p <http://www.w3.org/2000/01/rdf-schema#label> "王文杰"@zh }')
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True
    sw.setQuery("CONSTRUCT { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
                "WHERE { ?e a <https://schema.org/Event> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    sw.setReturnFormat(TURTLE)
    data = sw.query().convert()
    g = rdflib.Graph()
    g.parse(data=data, format="turtle")
    assert len(g) >= 16


def test_sparqlwrapper_update_is_refused(live):
    from SPARQLWrapper import POST, SPARQLWrapper
    status, _, before = live.get("/sparql?format=csv&query=" + urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    sw = SPARQLWrapper(live.url + "/sparql")
    sw.setMethod(POST)
    sw.setQuery("INSERT DATA { <urn:x> <urn:y> <urn:z> }")
    with pytest.raises(urllib.error.HTTPError) as e:
        sw.query()
    assert e.value.code == 403
    e.value.close()
    status, _, after = live.get("/sparql?format=csv&query=" + urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    assert after == before


@pytest.mark.skipif(not shutil.which("curl"), reason="curl is not installed")
def test_curl(live):
    done = subprocess.run(["curl", "-sS", "-H", "Accept: text/csv", "-H", "Content-Type: application/sparql-query",
                           "--data-binary", SELECT.replace("LIMIT 5", "LIMIT 3"), live.url + "/sparql"],
                          capture_output=True, timeout=30)
    assert done.returncode == 0 and done.stdout.decode().splitlines()[0] == "name"
    assert len(done.stdout.decode().splitlines()) == 4
    done = subprocess.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--data-urlencode",
                           "update=DROP ALL", live.url + "/sparql"], capture_output=True, text=True, timeout=30)
    assert done.stdout == "403"


def test_live_service_reaches_no_listener(live):
    with listener() as (port, got):
        q = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        status, _, body = live.post("/sparql", q.encode(), "application/sparql-query")
        assert status == 403
        status, _, body = live.post("/sparql", urllib.parse.urlencode({"update": f"LOAD <http://127.0.0.1:{port}/x>"}).encode(),
                                    "application/x-www-form-urlencoded")
        assert status == 403
        time.sleep(0.5)
    assert got == []


def test_live_time_limit_while_others_are_served(live):
    out = {}

    def slow():
        t = time.monotonic()
        out["slow"] = live.get("/sparql?query=" + urllib.parse.quote(SLOW), timeout=30)[::2] + (time.monotonic() - t,)

    t = threading.Thread(target=slow)
    t.start()
    time.sleep(0.3)
    for _ in range(5):
        t0 = time.monotonic()
        status, headers, body = live.get("/sparql?format=json&query=" + urllib.parse.quote(NAMED))
        assert status == 200 and time.monotonic() - t0 < 1.5
        assert live.get("/")[0] == 200
    t.join(30)
    status, body, took = out["slow"]
    assert status == 503 and b"ran longer than 3 s" in body and 2.5 < took < 10


def test_sigterm_stops_the_server_and_its_workers(seed_ttl):
    with serve(seed_ttl) as server:
        status, _, _ = server.get("/sparql?query=" + urllib.parse.quote("ASK {}"))
        assert status == 200
        kids = server.children()
        assert len(kids) >= 2
        server.proc.send_signal(signal.SIGTERM)
        assert server.proc.wait(10) == 0
        time.sleep(0.5)
        assert not any(alive(k) for k in kids)


def test_ctrl_c_stops_the_server_and_its_workers(seed_ttl):
    with serve(seed_ttl) as server:
        server.get("/sparql?query=" + urllib.parse.quote("ASK {}"))
        kids = server.children()
        server.proc.send_signal(signal.SIGINT)
        assert server.proc.wait(10) == 0
        time.sleep(0.5)
        assert not any(alive(k) for k in kids)


def test_serve_a_store_folder(seed_ttl, tmp_path):
    from .conftest import run_kg
    out = tmp_path / "seeds.store"
    done = run_kg("build", str(ROOT / "seeds"), "-o", str(out), "-q")
    assert done.returncode == 0, done.stderr
    counts = []
    for memory in ("auto", "no"):             # a small graph is copied into memory by default
        with serve(out, "--memory", memory) as server:
            assert ("into memory" in server.first_line) == (memory == "auto"), server.first_line
            time.sleep(1.0)                   # the copy of the seeds' graph takes a few ms
            status, _, body = server.get("/sparql?format=csv&query=" + urllib.parse.quote(
                "SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://schema.org/Person> }"))
            assert status == 200 and int(body.decode().split()[1]) > 50
            counts.append(body)
            assert server.get("/person/" + urllib.parse.quote("王文杰"))[0] == 200
    assert counts[0] == counts[1]
