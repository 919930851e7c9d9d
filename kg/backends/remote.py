"""A graph held by a SPARQL 1.1 server, behind the same interface as the embedded ``kg.store.Store``.

Talks only the standard protocols: SPARQL 1.1 Protocol for queries and updates, the Graph Store
HTTP Protocol for loading. One *spec* names the server for build, push, serve and query:

* ``http://127.0.0.1:7878`` (a URL without a path): an Oxigraph server's base address; the store
  uses ``/query``, ``/update`` and ``/store``.
* ``http://host:8890/sparql`` (a path ending in ``/sparql``): Virtuoso; queries go to ``/sparql``,
  updates to ``/sparql-auth`` and loads to ``/sparql-graph-crud-auth`` (Digest authentication)
  when credentials are set, else to the unauthenticated ``/sparql`` and ``/sparql-graph-crud``.
* any other URL: one endpoint for query, update and Graph Store Protocol (Fuseki's dataset URL).
* ``path/to/server.ini``: a ``[store]`` section naming the endpoints and options (see
  :data:`CONFIG_KEYS` and docs/scale-out.md).

Credentials come from ``GOVKG_STORE_USER`` / ``GOVKG_STORE_PASSWORD`` or the config file (where
``password_env`` may name another variable), never from the command line.

How a query sees every graph ("union" mode):

* ``param`` (Oxigraph): each query is sent with ``union-default-graph``, so the default graph is
  the union of all named graphs, exactly as the embedded store queries.
* ``native`` (Virtuoso): a query without ``FROM`` already ranges over all graphs.
* ``copy`` (other servers): the data goes into its named graphs and, once more, into the default
  graph, so that a plain query sees all of it.

The graphs of a govkg build are ``{base}graph/{file}`` and ``{base}graph/_resolved``; ``len()``,
``quads()`` and replacing loads only touch graphs under such a ``{base}graph/`` prefix, so other
data on the server (Virtuoso's system graphs, say) is left alone and not counted.

Servers cut results silently (Virtuoso's ``ResultSetMaxRows``, 10,000 by default): a response
that says it was cut (``X-SPARQL-MaxRows``) raises an error instead of returning part of an
answer, and every load is checked by counting what the server holds afterwards.
"""

from __future__ import annotations

import configparser
import json
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import groupby
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox

from ..errors import KgError
from ..sparqltext import inline_values, query_form, values_block  # noqa: F401  (re-exported)

ENV_USER = "GOVKG_STORE_USER"
ENV_PASSWORD = "GOVKG_STORE_PASSWORD"
ENV_BATCH = "GOVKG_STORE_BATCH"
RESOLVED_SUFFIX = "graph/_resolved"
SKOLEM = "https://govkg.org/.well-known/genid/"
DEFAULT_HOLDER = "urn:govkg:default"   # where triples without a graph (a pushed .ttl) are kept
CONFIG_KEYS = ("kind", "url", "query", "update", "graph_store", "union", "auth", "user", "password",
               "password_env", "user_env", "batch", "page", "timeout", "load_timeout", "results")

ACCEPT_RESULTS = {"json": "application/sparql-results+json, application/sparql-results+xml;q=0.8",
                  "xml": "application/sparql-results+xml"}
ACCEPT_RDF = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
}
RDF_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
    "text/rdf+n3": ox.RdfFormat.TURTLE, "text/n3": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-quads": ox.RdfFormat.N_QUADS, "application/trig": ox.RdfFormat.TRIG,
}


def is_remote(spec) -> bool:
    """True when ``spec`` names a SPARQL server rather than a file or a store folder."""
    s = str(spec)
    if s.startswith(("http://", "https://")):
        return True
    return s.endswith(".ini") and Path(s).is_file()


@dataclass(frozen=True)
class Endpoints:
    """Where a server takes queries, updates and Graph Store Protocol requests, and how."""

    query: str
    update: str
    graph_store: str
    kind: str = "generic"            # oxigraph | virtuoso | generic
    union: str = "copy"              # param | native | copy
    auth: str = "basic"              # basic | digest
    user: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    batch: int = 50_000              # quads per upload request
    page: int = 5_000                # rows per page when listing everything (below ResultSetMaxRows)
    timeout: float = 120.0           # seconds per query
    load_timeout: float = 900.0      # seconds per upload request
    results: str = "json"            # json | xml: the results format asked for SELECT/ASK

    @property
    def dataset_post(self) -> bool:
        """The server takes N-Quads for the whole dataset at its Graph Store endpoint."""
        return self.kind == "oxigraph"


def _base(url: str) -> str:
    return url.rstrip("/")


def endpoints_for(spec: str | Path) -> Endpoints:
    """Resolve a spec (URL or .ini file) into endpoints, with credentials from the environment."""
    spec = str(spec)
    cfg: dict[str, str] = {}
    if not spec.startswith(("http://", "https://")):
        parser = configparser.ConfigParser(interpolation=None)
        try:
            with open(spec, encoding="utf-8") as fh:
                parser.read_file(fh)
        except (OSError, configparser.Error) as exc:
            raise KgError("E020", f"cannot read the store config: {exc}", spec) from None
        if not parser.has_section("store"):
            raise KgError("E020", "the store config has no [store] section", spec)
        cfg = dict(parser.items("store"))
        unknown = sorted(set(cfg) - set(CONFIG_KEYS))
        if unknown:
            raise KgError("E020", f"unknown keys in [store]: {', '.join(unknown)}", spec)
        if "url" not in cfg and "query" not in cfg:
            raise KgError("E020", "the store config needs url= or query=", spec)
    url = cfg.get("url") or cfg.get("query") or spec
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise KgError("E020", f"not an http(s) URL: {url}", spec)
    if parts.username or parts.password:
        raise KgError("E020", "put credentials in GOVKG_STORE_USER / GOVKG_STORE_PASSWORD or the config file, "
                      "not in the URL", None)
    user = os.environ.get(cfg.get("user_env", ENV_USER)) or cfg.get("user")
    password = os.environ.get(cfg.get("password_env", ENV_PASSWORD)) or cfg.get("password")
    path = parts.path.rstrip("/")
    kind = cfg.get("kind") or ("oxigraph" if not path else "virtuoso" if path.endswith("/sparql") else "generic")
    if kind == "oxigraph":
        root = _base(url) if not path else urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        ep = Endpoints(query=f"{root}/query", update=f"{root}/update", graph_store=f"{root}/store",
                       kind=kind, union="param")
    elif kind == "virtuoso":
        root = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        auth = bool(user)
        ep = Endpoints(query=f"{root}/sparql", update=f"{root}/sparql-auth" if auth else f"{root}/sparql",
                       graph_store=f"{root}/sparql-graph-crud-auth" if auth else f"{root}/sparql-graph-crud",
                       kind=kind, union="native", auth="digest")
    elif kind == "generic":
        ep = Endpoints(query=_base(url), update=_base(url), graph_store=_base(url), kind=kind, union="copy")
    else:
        raise KgError("E020", f"unknown store kind {kind!r}; use oxigraph, virtuoso or generic", spec)
    over = {k: cfg[k] for k in ("query", "update", "graph_store", "union", "auth", "results") if k in cfg}
    for k in ("batch", "page"):
        if k in cfg:
            over[k] = int(cfg[k])
    for k in ("timeout", "load_timeout"):
        if k in cfg:
            over[k] = float(cfg[k])
    if os.environ.get(ENV_BATCH):
        over["batch"] = int(os.environ[ENV_BATCH])
    ep = replace(ep, user=user, password=password, **over)
    if ep.union not in ("param", "native", "copy"):
        raise KgError("E020", f"union must be param, native or copy, not {ep.union!r}", spec)
    if ep.auth not in ("basic", "digest"):
        raise KgError("E020", f"auth must be basic or digest, not {ep.auth!r}", spec)
    return ep


def open_remote(spec: str | Path, check: bool = True) -> RemoteStore:
    """A RemoteStore for the spec; with ``check``, one ASK tells at once whether the server answers."""
    store = RemoteStore(endpoints_for(spec), str(spec))
    if check:
        store.query("ASK { }")
    return store










def _canonical_json(data: bytes) -> bytes:
    """Virtuoso writes xsd:boolean values as 1 and 0: give them their canonical forms true and
    false, as the embedded store does, so that both stores answer with equal terms."""
    doc = json.loads(data)
    changed = False
    for row in (doc.get("results") or {}).get("bindings", []):
        for term in row.values():
            if term.get("datatype") == XSD_BOOLEAN and term.get("value") in ("1", "0"):
                term["value"] = "true" if term["value"] == "1" else "false"
                changed = True
    return json.dumps(doc).encode() if changed else data


def _skolemize(term):
    if isinstance(term, ox.BlankNode):
        return ox.NamedNode(SKOLEM + term.value)
    if isinstance(term, ox.DefaultGraph):
        return ox.NamedNode(DEFAULT_HOLDER)
    return term


def _prepare(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Sorted, without duplicates, no blank nodes (a blank node split across two upload batches
    would become two nodes, so any is replaced by an IRI first), and every quad in a named graph:
    triples of the default graph go to ``urn:govkg:default``, which ``quads()`` gives back as
    the default graph."""
    out = set()
    for q in quads:
        if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) \
                or not isinstance(q.graph_name, ox.NamedNode):
            q = ox.Quad(_skolemize(q.subject), q.predicate, _skolemize(q.object), _skolemize(q.graph_name))
        out.add(q)
    return sorted(out, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def _graph_lines(quads) -> dict[ox.NamedNode, list[bytes]]:
    """Graph → its N-Triples lines (distinct, sorted): from a ``kg.dataset.Dataset`` as written,
    else from quads prepared as ``_prepare`` says and serialized by Oxigraph."""
    if hasattr(quads, "blocks"):
        return {ox.NamedNode(b.graph): b.ntriples() for b in quads.blocks}
    return {g: _nt(q.triple for q in qs).splitlines(keepends=True)
            for g, qs in groupby(_prepare(quads), key=lambda q: q.graph_name)}


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), max(1, size)):
        yield items[i:i + size]


def _nt(triples) -> bytes:
    return ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)


def _prefix_filter(prefixes: list[str]) -> str:
    if not prefixes:
        return ""
    return "FILTER(" + " || ".join(f"STRSTARTS(STR(?g), {_literal(p)})" for p in sorted(prefixes)) + ")"


def _literal(s: str) -> str:
    return str(ox.Literal(s))


@dataclass
class LoadReport:
    quads: int = 0
    graphs: int = 0
    requests: int = 0
    dropped: int = 0
    seconds: float = 0.0


class RemoteStore:
    """A graph to query on a SPARQL 1.1 server: the interface of ``kg.store.Store``."""

    def __init__(self, endpoints: Endpoints, source: str = ""):
        self.endpoints = endpoints
        self.source = source
        self._local = threading.local()

    # pickling (the viewer may hand the store to worker processes): the sessions are not sent
    def __getstate__(self):
        return {"endpoints": self.endpoints, "source": self.source}

    def __setstate__(self, state):
        self.endpoints, self.source, self._local = state["endpoints"], state["source"], threading.local()

    def __repr__(self) -> str:
        return f"RemoteStore({self.source!r}, kind={self.endpoints.kind}, union={self.endpoints.union})"

    # --- HTTP ------------------------------------------------------------------------------------
    @property
    def session(self):
        """One HTTP session per thread (the viewer's server runs queries in several)."""
        if getattr(self._local, "session", None) is None:
            import requests
            from requests.auth import HTTPBasicAuth, HTTPDigestAuth
            s = requests.Session()
            ep = self.endpoints
            if ep.user:
                s.auth = (HTTPDigestAuth if ep.auth == "digest" else HTTPBasicAuth)(ep.user, ep.password or "")
            s.headers["User-Agent"] = "govkg"
            self._local.session = s
        return self._local.session

    def _request(self, method: str, url: str, *, timeout: float | None = None, **kw):
        import requests
        try:
            resp = self.session.request(method, url, timeout=timeout or self.endpoints.timeout, **kw)
        except requests.RequestException as exc:
            raise KgError("E021", f"cannot reach the SPARQL server: {exc}", self.source) from None
        if resp.status_code >= 400:
            body = resp.text.strip().replace("\n", " ")[:500]
            if resp.status_code in (400, 500) and method == "POST" and url == self.endpoints.query:
                raise SyntaxError(f"the server refused the query ({resp.status_code}): {body}")
            raise KgError("E022", f"the SPARQL server answered {resp.status_code} to {method} {url}: {body}",
                          self.source)
        cut = resp.headers.get("X-SPARQL-MaxRows")
        if cut:
            raise KgError("E023", f"the server cut the result at {cut} rows (Virtuoso's ResultSetMaxRows); "
                          "raise that limit in the server's [SPARQL] settings", self.source)
        return resp

    def _post_query(self, sparql: str, union: bool = True):
        ep = self.endpoints
        params = {}
        if union and ep.union == "param":
            params["union-default-graph"] = ""
        form = query_form(sparql)
        accept = ACCEPT_RDF if form in ("CONSTRUCT", "DESCRIBE") else ACCEPT_RESULTS[ep.results]
        return self._request("POST", ep.query, params=params, data={"query": sparql},
                             headers={"Accept": accept})

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update on the server."""
        self._request("POST", self.endpoints.update, data={"update": sparql}, timeout=self.endpoints.load_timeout)

    # --- the Store interface ------------------------------------------------------------------------
    @property
    def inner(self) -> RemoteInner:
        """What ``kg.store.Store.inner`` (a pyoxigraph Store) offers that readers use, over the server."""
        return RemoteInner(self)

    def query(self, sparql: str, bindings: dict | None = None, *, union: bool = True, prefixes: dict | None = None):
        """Run SPARQL over the union of all graphs; the same answers, as the same pyoxigraph
        result objects, as ``kg.store.Store.query``. ``bindings`` go in a VALUES block at the start
        of the WHERE clause."""
        if prefixes is None:
            from ..ontology import PREFIXES as prefixes
        if bindings:  # as kg.store.Store.query does, so that both answer alike
            sparql = inline_values(sparql, bindings)
        prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items())
        resp = self._post_query(prologue + sparql, union=union)
        ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype in RESULT_TYPES:
            data = resp.content
            if self.endpoints.kind == "virtuoso" and RESULT_TYPES[ctype] == ox.QueryResultsFormat.JSON:
                data = _canonical_json(data)
            return ox.parse_query_results(data, RESULT_TYPES[ctype])
        if ctype in RDF_TYPES:
            # a real QueryTriples, as the embedded store gives: through a throwaway in-memory store
            tmp = ox.Store()
            tmp.load(resp.content, format=RDF_TYPES[ctype])
            return tmp.query("CONSTRUCT WHERE { ?s ?p ?o }")
        raise KgError("E022", f"the SPARQL server answered with {ctype or 'no content type'}", self.source)

    def _select(self, sparql: str, union: bool = True) -> list:
        return list(self.query(sparql, union=union))

    def govkg_prefixes(self) -> list[str]:
        """The ``{base}graph/`` prefixes of the govkg builds on the server, and ``urn:govkg:default``."""
        rows = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                            f"FILTER(STRENDS(STR(?g), {_literal('/' + RESOLVED_SUFFIX)})) }}", union=False)
        return sorted({r["g"].value[: -len("_resolved")] for r in rows} | {DEFAULT_HOLDER})

    def graphs(self, prefixes: list[str] | None = None) -> list[ox.NamedNode]:
        """The named graphs under the prefixes (default: every govkg build's), paged."""
        prefixes = self.govkg_prefixes() if prefixes is None else prefixes
        if not prefixes:
            return []
        out: list[ox.NamedNode] = []
        page = self.endpoints.page
        while True:
            rows = self._select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_prefix_filter(prefixes)} }} "
                                f"ORDER BY ?g LIMIT {page} OFFSET {len(out)}", union=False)
            out.extend(r["g"] for r in rows)
            if len(rows) < page:
                return out

    def count(self, prefixes: list[str] | None = None) -> int:
        prefixes = self.govkg_prefixes() if prefixes is None else prefixes
        if not prefixes:
            return 0
        rows = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_prefix_filter(prefixes)} }}",
                            union=False)
        return int(rows[0]["n"].value) if rows else 0

    def __len__(self) -> int:
        return self.count()

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the govkg graphs on the server."""
        prefixes = self.govkg_prefixes()
        if self.endpoints.dataset_post:
            resp = self._request("GET", self.endpoints.graph_store, headers={"Accept": "application/n-quads"},
                                 timeout=self.endpoints.load_timeout)
            found = (q for q in ox.parse(resp.content, format=ox.RdfFormat.N_QUADS)
                     if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(tuple(prefixes)))
        else:
            found = self._paged_quads(prefixes)
        default = ox.NamedNode(DEFAULT_HOLDER)
        return (ox.Quad(q.subject, q.predicate, q.object) if q.graph_name == default else q for q in found)

    def _paged_quads(self, prefixes: list[str]) -> Iterator[ox.Quad]:
        page, done = self.endpoints.page, 0
        while True:
            rows = self._select(f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_prefix_filter(prefixes)} }} "
                                f"ORDER BY ?g ?s ?p ?o LIMIT {page} OFFSET {done}", union=False)
            for r in rows:
                yield ox.Quad(r["s"], r["p"], r["o"], r["g"])
            done += len(rows)
            if len(rows) < page:
                return

    def rdflib_graph(self):
        """An rdflib view of a copy of the server's govkg graphs, held in memory."""
        from ..store import Store
        return Store.from_quads(self.quads()).rdflib_graph()

    # --- loading --------------------------------------------------------------------------------------
    def load(self, quads, *, replace_graphs: bool = True, progress=None) -> LoadReport:
        """Put a build's dataset (``kg.dataset.Dataset``) or quads on the server, graph by graph,
        in batches of ``batch`` quads, and check that the server holds exactly as many quads as
        were sent. With ``replace_graphs`` (the default) each graph sent replaces the server's graph
        of that name, and the govkg graphs on the server that are not in ``quads`` (files no longer
        in the build, an earlier build) are dropped: the server then holds this graph, as a file
        written by ``kg build`` would. A dataset's N-Quads are sent as they are, unparsed."""
        import time
        t0 = time.perf_counter()
        ep = self.endpoints
        graphs = _graph_lines(quads)
        report = LoadReport(quads=sum(len(lines) for lines in graphs.values()), graphs=len(graphs))
        prefixes = sorted({g.value[: -len("_resolved")] for g in graphs if g.value.endswith("/" + RESOLVED_SUFFIX)}
                          | {DEFAULT_HOLDER})
        stale: list[ox.NamedNode] = []
        if replace_graphs:
            stale = [g for g in self.graphs() if g not in graphs]
        if ep.dataset_post:
            # one N-Quads stream for the whole dataset: drop the graphs it replaces, then append
            if replace_graphs:
                self._drop(list(graphs) + stale)
            nquads = [line[:-2] + f"<{g.value}> .\n".encode() for g, lines in graphs.items() for line in lines]
            for chunk in _chunks(nquads, ep.batch):
                self._request("POST", ep.graph_store, data=b"".join(chunk),
                              headers={"Content-Type": "application/n-quads"}, timeout=ep.load_timeout)
                report.requests += 1
                if progress:
                    progress(len(chunk))
        else:
            for g, lines in graphs.items():
                params = {"graph": g.value}
                for i, chunk in enumerate(_chunks(lines, ep.batch)):
                    method = "PUT" if i == 0 and replace_graphs else "POST"
                    self._request(method, ep.graph_store, params=params, data=b"".join(chunk),
                                  headers={"Content-Type": "text/turtle"}, timeout=ep.load_timeout)
                    report.requests += 1
                    if progress:
                        progress(len(chunk))
            self._drop(stale)
        report.dropped = len(stale)
        if ep.union == "copy":
            triples = sorted({line for lines in graphs.values() for line in lines})
            for i, chunk in enumerate(_chunks(triples, ep.batch)):
                self._request("PUT" if i == 0 else "POST", ep.graph_store, params={"default": ""},
                              data=b"".join(chunk), headers={"Content-Type": "text/turtle"}, timeout=ep.load_timeout)
                report.requests += 1
        self._verify(graphs, prefixes)
        report.seconds = time.perf_counter() - t0
        return report

    def _drop(self, graphs: list[ox.NamedNode]) -> None:
        for chunk in _chunks(graphs, 200):
            self.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in chunk))

    def _verify(self, graphs: dict, prefixes: list[str]) -> None:
        """The server must hold exactly what was sent: a short count means a cut upload."""
        named = {g: len(qs) for g, qs in graphs.items()}
        expected = sum(n for g, n in named.items() if g.value.startswith(tuple(prefixes)))
        got = self.count(prefixes)
        if got != expected:
            raise KgError("E024", f"the server holds {got} quads of this build after loading, "
                          f"not the {expected} sent", self.source)
        others = {g: n for g, n in named.items() if not g.value.startswith(tuple(prefixes))}
        for g, n in others.items():
            rows = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}", union=False)
            got = int(rows[0]["n"].value)
            if got < n:
                raise KgError("E024", f"the server holds {got} triples in {g.value} after loading, not {n}",
                              self.source)



class RemoteInner:
    """The part of pyoxigraph.Store's API that readers of ``Store.inner`` use, answered by the
    server: ``query`` (``use_default_graph_as_union``, ``prefixes``, ``substitutions``),
    ``quads_for_pattern`` and ``len``."""

    def __init__(self, store: RemoteStore):
        self.store = store

    def query(self, query: str, *, use_default_graph_as_union: bool = False, prefixes: dict | None = None,
              substitutions: dict | None = None, **options):
        if any(options.get(k) for k in ("default_graph", "named_graphs", "base_iri")):
            raise ValueError(f"a SPARQL server store does not take {sorted(k for k in options if options[k])}")
        bindings = {(k.value if isinstance(k, ox.Variable) else str(k)): v for k, v in (substitutions or {}).items()}
        return self.store.query(inline_values(query, bindings), union=use_default_graph_as_union,
                                prefixes=prefixes or {})

    def quads_for_pattern(self, subject=None, predicate=None, object=None, graph_name=None):
        for q in self.store.quads():
            if (subject is None or q.subject == subject) and (predicate is None or q.predicate == predicate) \
                    and (object is None or q.object == object) and (graph_name is None or q.graph_name == graph_name):
                yield q

    def __len__(self) -> int:
        return len(self.store)

    def __iter__(self):
        return iter(self.store.quads())
