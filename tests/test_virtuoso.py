"""The graph in Virtuoso (Debian's virtuoso-opensource), started here with its own ini on loopback
ports and stopped by its PID. Runs when GOVKG_TEST_VIRTUOSO=1 (`.ci/run` sets it and installs the
package); `-m virtuoso` selects these tests alone."""

from __future__ import annotations

import os
import subprocess

import pytest

from kg.backends import RemoteStore
from kg.backends.launch import start_virtuoso, virtuoso_binary
from kg.store import Store

from .conftest import KG, ROOT, SEEDS

pytestmark = [
    pytest.mark.virtuoso,
    pytest.mark.skipif(not os.environ.get("GOVKG_TEST_VIRTUOSO"), reason="set GOVKG_TEST_VIRTUOSO=1 to run"),
    pytest.mark.skipif(virtuoso_binary() is None, reason="apt-get install virtuoso-opensource"),
]
QUERIES = ["officials", "participants", "events"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield srv
    srv.stop()
    assert srv.proc.poll() is not None


@pytest.fixture(scope="module")
def env(server):
    return {**os.environ, **server.env}


def kg(env, *args, timeout=300):
    return subprocess.run([*KG, *args], cwd=ROOT, capture_output=True, text=True, env=env, timeout=timeout)


@pytest.fixture(scope="module")
def built(server, env, tmp_path_factory):
    trig = tmp_path_factory.mktemp("vbuilt") / "seeds.trig"
    done = kg(env, "build", str(SEEDS), "-o", str(trig), "--store", server.url)
    assert done.returncode == 0, done.stderr
    return trig


@pytest.fixture(scope="module")
def stores(server, built, monkeypatch_module):
    for k, v in server.env.items():
        monkeypatch_module.setenv(k, v)
    remote = Store.open(server.url)
    assert isinstance(remote, RemoteStore) and remote.endpoints.kind == "virtuoso"
    return remote, Store.open(built)


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def rows(result):
    return sorted(tuple(str(s[v]) if s[v] is not None else "" for v in result.variables) for s in result)


@pytest.mark.parametrize("name", QUERIES)
def test_named_queries_match_embedded(stores, name):
    remote, embedded = stores
    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    want = rows(embedded.query(text))
    assert want and rows(remote.query(text)) == want


def test_everything_loaded_and_nothing_cut(stores):
    remote, embedded = stores
    assert len(remote) == len(embedded)
    assert set(remote.quads()) == set(embedded.quads())
    # more rows than Virtuoso's default ResultSetMaxRows (10,000): all of them must come back
    q = "SELECT ?m ?p WHERE { ?m a gov:Mention . ?p a schema:Person }"
    n = len(list(embedded.query(q)))
    assert n > 10_000
    assert len(list(remote.query(q))) == n


def test_sparqlwrapper(server, stores):
    from SPARQLWrapper import JSON, SPARQLWrapper
    _, embedded = stores
    text = (ROOT / "queries" / "officials.rq").read_text(encoding="utf-8")
    sw = SPARQLWrapper(server.url)
    sw.setQuery(text)
    sw.setReturnFormat(JSON)
    got = sw.queryAndConvert()["results"]["bindings"]
    assert len(got) == len(rows(embedded.query(text)))


def test_viewer_over_virtuoso(stores):
    from .test_server_store import compare_viewer
    assert compare_viewer(*stores, skip="/search") >= 1


@pytest.mark.xfail(reason="Virtuoso 7.2.5: CONTAINS(STR(?label), STR(?q)) finds nothing when ?q is a plain "
                   "non-ASCII literal bound by VALUES (the viewer's search); \"丁\"^^xsd:string works", strict=False)
def test_viewer_search_over_virtuoso(stores):
    from .test_server_store import compare_viewer
    assert compare_viewer(*stores, only="/search") >= 1


def test_push_in_batches(server, env, built, stores):
    remote, embedded = stores
    done = kg({**env, "GOVKG_STORE_BATCH": "200"}, "push", str(built), "--store", server.url)
    assert done.returncode == 0, done.stderr
    assert len(remote) == len(embedded)
    assert set(remote.quads()) == set(embedded.quads())


def test_no_credentials_no_write(server, built):
    bare = {k: v for k, v in os.environ.items() if not k.startswith("GOVKG_STORE_")}
    done = kg(bare, "push", str(built), "--store", server.url)
    assert done.returncode == 1 and "Traceback" not in done.stderr
