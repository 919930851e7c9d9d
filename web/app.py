"""The Flask application factory: pages over a built graph, their JSON twins, and /sparql.

Views stay thin: what a page shows comes from ``web.data`` (fixed SPARQL, run in-process);
user queries (/sparql and the query page) run in the killable workers of ``web.pool``.
The viewer never imports extraction code.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import threading
from pathlib import Path

import pyoxigraph as ox
from flask import Flask, Response, abort, jsonify, redirect, render_template, request, send_file, url_for
from werkzeug.exceptions import HTTPException

from kg.sparqltext import term_from_text
from kg.store import Store, serialize

from . import data
from .graphview import NetworkIndex
from .pool import PoolBusy, QueryFailed, QueryPool, QueryTimeout
from .sparql import GRAPH_TYPES, RESULT_TYPES, Refused, check_query, negotiate

DEFAULTS = {
    "QUERY_TIMEOUT": 10.0,       # seconds a user query may run (kg serve --timeout)
    "QUERY_WORKERS": 2,          # worker processes running user queries
    "MAX_ROWS": 1000,            # rows shown in an HTML results table
    "MAX_RESULT_BYTES": 64 << 20,  # largest /sparql answer
    "MAX_QUERY_LENGTH": 100_000,
    "GRAPH_MAX_NODES": 200,      # nodes drawn in a graph view
    "SEARCH_LIMIT": 200,
    "NETWORK_ISOLATION": True,   # workers drop network access where the kernel allows
    "GRAPH": None,               # the path the store was opened from (workers open it too)
    "BASE": None,                # IRI base; read from the graph when None
    "QUERIES_DIR": str(Path(__file__).resolve().parents[1] / "queries"),
    "ALLOWED_HOSTS": None,       # Host names accepted (kg serve on loopback: loopback names only)
}

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")

DOWNLOADS = {"ttl": ("turtle", "text/turtle"), "trig": ("trig", "application/trig"),
             "nq": ("nquads", "application/n-quads"), "nt": ("ntriples", "application/n-triples"),
             "jsonld": ("jsonld", "application/ld+json")}
NETWORKS = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml"}


def create_app(store: Store, config: dict | None = None) -> Flask:
    """Build the viewer over an opened store; ``config`` overrides ``DEFAULTS``."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config.update(config or {})
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    g = data.Graph(store, app.config["BASE"])
    g.url_for_iri = _url_for_iri(g)
    app.extensions["govkg"] = state = _State(app, store, g)

    @app.before_request
    def check_host():
        """Refuse a Host header this server was not started for (DNS rebinding from a web page)."""
        allowed = app.config["ALLOWED_HOSTS"]
        if allowed:
            host = request.host.lower()
            name = host[1:].split("]", 1)[0] if host.startswith("[") else host.rsplit(":", 1)[0]
            if name not in allowed:
                abort(400, f"Unexpected Host {request.host!r}: this server answers only {', '.join(sorted(allowed))}.")

    @app.after_request
    def security_headers(resp: Response) -> Response:
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["X-Frame-Options"] = "DENY"
        return resp

    @app.context_processor
    def links():
        return {"json_url": _json_url}

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        """Errors as a page, or as JSON for .json URLs and /sparql."""
        if request.path.endswith(".json"):
            return jsonify(error=exc.name, message=exc.description, status=exc.code), exc.code
        if request.path.startswith("/sparql"):
            return Response(f"{exc.code} {exc.name}: {exc.description}\n", exc.code, mimetype="text/plain")
        return render_template("error.html", code=exc.code, name=exc.name, message=exc.description), exc.code

    @app.get("/favicon.ico")
    def favicon():
        """The site icon."""
        return app.send_static_file("favicon.svg")

    @app.get("/index.json")
    @app.get("/")
    def home():
        """Counts, a search box and examples."""
        ctx = data.home(g)
        ctx["queries"] = state.named_queries()
        return _page("home.html", ctx)

    @app.get("/search.json")
    @app.get("/search")
    def search():
        """People, bodies, places, events and articles whose name contains the text."""
        return _page("search.html", data.search(g, request.args.get("q", ""), app.config["SEARCH_LIMIT"]))

    @app.get("/<any(person, body, place, event, article):kind>/<path:key>")
    def entity(kind: str, key: str):
        """A person, body, place, event or article page (``.json`` for its data)."""
        node, as_json = _resolve(g, kind, key)
        ctx = getattr(data, kind)(g, node) if node is not None else None
        if ctx is None:
            abort(404, f"No {kind} {key} in this graph.")
        ctx["network_url"] = url_for("network", local=f"{kind}/{node.value[len(g.base) + len(kind) + 1:]}")
        return _page(f"{kind}.html", ctx, as_json)

    @app.get("/<any(file, membership, mention, participation, role, extractor, graph):kind>/<path:key>")
    def other(kind: str, key: str):
        """Any other node of the graph: the triples around it."""
        node, as_json = _resolve(g, kind, key)
        ctx = data.resource(g, node) if node is not None else None
        if ctx is None:
            abort(404, f"No {kind} {key} in this graph.")
        return _page("resource.html", ctx, as_json)

    @app.get("/resource.json")
    @app.get("/resource")
    def resource():
        """The triples around any IRI (``?iri=``)."""
        iri = request.args.get("iri", "")
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            abort(400, "?iri= must be an absolute IRI.")
        local = g.local(iri)
        if local and not request.path.endswith(".json"):
            return redirect(g.url_for_iri(iri))
        ctx = data.resource(g, node)
        if ctx is None:
            abort(404, f"Nothing is said about {iri} in this graph.")
        return _page("resource.html", ctx)

    @app.get("/network/<path:local>")
    def network(local: str):
        """The neighbourhood of an entity, drawn with vis-network (``.json`` for the nodes and edges)."""
        kind, _, key = local.partition("/")
        if kind not in data.CLASSES or not key:
            abort(404, "Graph views are drawn for people, bodies, places, events and articles.")
        node, as_json = _resolve(g, kind, key)
        if node is None:
            abort(404)
        local = node.value[len(g.base):]
        depth = request.args.get("depth", 1, type=int)
        cap = min(request.args.get("max", app.config["GRAPH_MAX_NODES"], type=int), app.config["GRAPH_MAX_NODES"])
        hood = state.network().neighbourhood(node.value, depth, max(cap, 1))
        if not hood["nodes"]:
            abort(404, f"No {kind} {local.split('/', 1)[-1]} in this graph.")
        center = hood["nodes"][0]
        hood.update(label=center["title"].split(": ", 1)[-1], kind=kind, page_url=g.url_for_iri(node.value),
                    data_url=url_for("network", local=local + ".json", depth=hood["depth"], max=cap))
        if as_json:
            return jsonify(hood)
        return render_template("network.html", **hood)

    @app.get("/query.json")
    @app.get("/query")
    def query_page():
        """An editor, the named queries, results as a table (capped), downloads."""
        return _page("query.html", state.query_page(request.args))

    @app.get("/queries/<name>.rq")
    def named_query(name: str):
        """The text of a named query."""
        q = state.named_queries().get(name)
        if q is None:
            abort(404, f"No named query {name}.")
        return Response(q["text"], mimetype="application/sparql-query")

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql():
        """The SPARQL 1.1 Protocol endpoint (read-only, time-limited)."""
        return state.sparql(request)

    @app.get("/downloads.json")
    @app.get("/downloads")
    def downloads():
        """What can be downloaded."""
        ctx = {"graph": [{"format": f, "url": url_for("download_graph", fmt=f), "media_type": m}
                         for f, (_, m) in DOWNLOADS.items()],
               "network": [{"format": f, "url": url_for("download_network", fmt=f), "media_type": m}
                           for f, m in NETWORKS.items()],
               "popolo": url_for("download_popolo")}
        return _page("downloads.html", ctx)

    @app.get("/download/graph.<any(ttl, trig, nq, nt, jsonld):fmt>")
    def download_graph(fmt: str):
        """The whole graph in an RDF format."""
        name, mime = DOWNLOADS[fmt]
        buf = io.BytesIO()
        serialize(store.quads(), buf, name)
        buf.seek(0)
        return send_file(buf, mimetype=mime, as_attachment=True, download_name=f"govkg.{fmt}")

    @app.get("/download/network.<any(graphml, gexf):fmt>")
    def download_network(fmt: str):
        """The people–event–body network for Gephi."""
        from kg.network import write_network
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"network.{fmt}"
            write_network(store, path, fmt)
            body = path.read_bytes()
        return send_file(io.BytesIO(body), mimetype=NETWORKS[fmt], as_attachment=True,
                         download_name=f"govkg-network.{fmt}")

    @app.get("/download/popolo.json")
    def download_popolo():
        """People, organizations, posts, memberships and events as Popolo JSON."""
        resp = jsonify(data.popolo(g))
        resp.headers["Content-Disposition"] = "attachment; filename=govkg-popolo.json"
        return resp

    return app


def _page(template: str, ctx: dict, as_json: bool | None = None):
    """Render ``ctx`` with a template, or as JSON for the page's ``.json`` twin."""
    if as_json is None:
        as_json = request.path.endswith(".json")
    if as_json:
        return jsonify(ctx)
    return render_template(template, **ctx)


def _json_url() -> str:
    """The URL of the current page's JSON twin."""
    args = dict(request.view_args or {})
    qs = request.query_string.decode("latin-1")
    suffix = f"?{qs}" if qs else ""
    if "key" in args:
        args["key"] += ".json"
    elif "local" in args:
        args["local"] += ".json"
    else:
        path = request.path.rstrip("/") or "/index"
        return request.script_root + (path if path.endswith(".json") else path + ".json") + suffix
    return url_for(request.endpoint, **args) + suffix


def _resolve(g: data.Graph, kind: str, key: str) -> tuple[ox.NamedNode | None, bool]:
    """The node a /kind/key URL names, and whether the JSON twin was asked for."""
    node = g.iri(kind, key)
    if key.endswith(".json") and (node is None or not g.exists(node)):
        return g.iri(kind, key[:-5]), True
    return node, False


def _url_for_iri(g: data.Graph):
    def url(iri: str) -> str:
        local = g.local(iri)
        if local is None:
            return url_for("resource", iri=iri)
        kind, key = local
        if kind in data.CLASSES:
            return url_for("entity", kind=kind, key=key)
        return url_for("other", kind=kind, key=key)
    return url


_BIND = re.compile(r"^#\s*Bind:\s*\?(\w+)\s*(.*)$")


class _State:
    """What the app holds besides the store: the query pool, the network index, named queries."""

    def __init__(self, app: Flask, store: Store, g: data.Graph):
        self.app = app
        self.store = store
        self.g = g
        self._pool: QueryPool | None = None
        self._network: NetworkIndex | None = None
        self._lock = threading.Lock()
        self._tmp: str | None = None

    # --- workers ---------------------------------------------------------------------------
    def pool(self) -> QueryPool:
        with self._lock:
            if self._pool is None:
                graph = self.app.config["GRAPH"] or self.store.source
                remote = _is_remote(graph)
                if not remote and (not graph or not os.path.exists(graph)):
                    fd, self._tmp = tempfile.mkstemp(prefix="govkg-", suffix=".nq")
                    with os.fdopen(fd, "wb") as fh:
                        serialize(self.store.quads(), fh, "nquads")
                    graph = self._tmp
                # a graph on a SPARQL server is reached over the network: no private namespace then
                self._pool = QueryPool(graph, self.app.config["QUERY_WORKERS"],
                                       isolate=self.app.config["NETWORK_ISOLATION"] and not remote)
            return self._pool

    def close(self) -> None:
        """Stop the query workers (the server calls this on shutdown)."""
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
            if self._tmp and os.path.exists(self._tmp):
                os.unlink(self._tmp)
                self._tmp = None

    def network(self) -> NetworkIndex:
        with self._lock:
            if self._network is None:
                self._network = NetworkIndex(self.g)
            return self._network

    def run(self, job: dict) -> dict:
        return self.pool().run(job, float(self.app.config["QUERY_TIMEOUT"]))

    # --- named queries -------------------------------------------------------------------------
    def named_queries(self) -> dict[str, dict]:
        folder = Path(self.app.config["QUERIES_DIR"] or "")
        out = {}
        for path in sorted(folder.glob("*.rq")) if folder.is_dir() else []:
            text = path.read_text(encoding="utf-8")
            about, binds, in_about = [], [], True
            for line in text.splitlines():
                if not line.startswith("#"):
                    break
                m = _BIND.match(line)
                body = line.lstrip("#").strip()
                if m:
                    in_about = False
                    binds.append({"name": m.group(1), "help": m.group(2).strip()})
                elif body.startswith("Variables:"):
                    in_about = False
                elif in_about:
                    about.append(body)
                elif binds and line.startswith("#  "):
                    binds[-1]["help"] += " " + body
            out[path.stem] = {"name": path.stem, "about": " ".join(a for a in about if a), "binds": binds,
                              "text": text, "url": url_for("query_page", name=path.stem)}
        return out

    # --- the query page -----------------------------------------------------------------------
    def query_page(self, args) -> dict:
        queries = self.named_queries()
        name = args.get("name", "")
        text = args.get("query")
        binds = []
        if name and name in queries and not text:
            text = queries[name]["text"]
        if name in queries:
            binds = [dict(b, value=args.get("b_" + b["name"], "")) for b in queries[name]["binds"]]
        ctx = {"name": name, "query": text or DEFAULT_QUERY, "binds": binds, "ran": text is not None,
               "queries": [{k: q[k] for k in ("name", "about", "url")} for q in queries.values()],
               "vars": [], "rows": [], "truncated": False, "boolean": None, "error": None, "kind": None,
               "max_rows": self.app.config["MAX_ROWS"], "downloads": []}
        if text is None:
            return ctx
        bindings = {}
        try:
            for b in binds:
                if b["value"].strip():
                    bindings[b["name"]] = binding_term(b["value"])
            check_query(text, self.app.config["MAX_QUERY_LENGTH"])
            res = self.run({"query": text, "bindings": bindings, "table": self.app.config["MAX_ROWS"]})
        except (Refused, QueryFailed) as exc:
            ctx["error"] = exc.message
            return ctx
        except (QueryTimeout, PoolBusy) as exc:
            ctx["error"] = str(exc)
            return ctx
        except ValueError as exc:
            ctx["error"] = f"A bound value is not valid: {exc}"
            return ctx
        ctx["kind"] = res["kind"]
        if res["kind"] == "boolean":
            ctx["boolean"] = res["boolean"]
        else:
            ctx["vars"] = res["vars"]
            ctx["rows"] = [[self._cell(c) for c in row] for row in res["rows"]]
            ctx["truncated"] = res["truncated"]
        if not bindings:
            formats = ("json", "csv", "tsv", "xml") if res["kind"] != "graph" else ("turtle", "ntriples", "jsonld")
            ctx["downloads"] = [{"format": f, "url": url_for("sparql", query=text, format=f, download=1)} for f in formats]
        return ctx

    def _cell(self, term: dict | None) -> dict | None:
        if term is None:
            return None
        if term["type"] == "uri":
            local = self.g.local(term["value"])
            return dict(term, url=self.g.url_for_iri(term["value"]),
                        label=term["value"][len(self.g.base):] if local else data._short(term["value"]))
        return term

    # --- the endpoint --------------------------------------------------------------------------
    def sparql(self, req) -> Response:
        try:
            text = _protocol_query(req)
            if text is None:
                if req.accept_mimetypes.accept_html and req.method == "GET":
                    return redirect(url_for("query_page"))
                raise Refused(400, "No query: send ?query=... (GET), a query= form field or an "
                                   "application/sparql-query body (POST).")
            check_query(text, self.app.config["MAX_QUERY_LENGTH"])
            fmt = req.values.get("format") or req.values.get("output")
            neg = negotiate(req.accept_mimetypes, fmt)
            res = self.run({"query": text, "result": neg.result, "graph": neg.graph,
                            "max_bytes": self.app.config["MAX_RESULT_BYTES"]})
        except Refused as exc:
            return _plain(exc.status, exc.message)
        except QueryFailed as exc:
            if exc.too_large:                                # the client can fix it: a 4xx, not a server error
                return _plain(422, exc.message)
            return _plain(400 if exc.bad else 500, ("Malformed query: " if exc.bad else "The query failed: ") + exc.message)
        except QueryTimeout as exc:
            return _plain(503, str(exc), {"Retry-After": "5"})
        except PoolBusy as exc:
            return _plain(503, f"The endpoint is busy: {exc}", {"Retry-After": "2"})
        mime = GRAPH_TYPES[res["format"]] if res["kind"] == "graph" else RESULT_TYPES[res["format"]]
        resp = Response(res["body"], 200, content_type=mime)
        resp.headers["Vary"] = "Accept"
        if req.args.get("download"):
            ext = {"json": "srj", "xml": "srx", "turtle": "ttl", "ntriples": "nt"}.get(res["format"], res["format"])
            resp.headers["Content-Disposition"] = f"attachment; filename=results.{ext}"
        return resp


DEFAULT_QUERY = """SELECT ?person ?name (COUNT(DISTINCT ?event) AS ?events) WHERE {
  ?person a schema:Person ; rdfs:label ?name .
  OPTIONAL { ?x gov:participant ?person ; gov:event ?event }
} GROUP BY ?person ?name ORDER BY DESC(?events) ?name LIMIT 50"""


def _is_remote(spec) -> bool:
    """True for a graph held by a SPARQL server (an http(s) URL or a .ini naming one)."""
    if not spec:
        return False
    try:
        from kg.backends import is_remote
    except ImportError:
        return str(spec).startswith(("http://", "https://"))
    return bool(is_remote(spec))


def _plain(status: int, message: str, headers: dict | None = None) -> Response:
    resp = Response(message.rstrip() + "\n", status, mimetype="text/plain")
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def _protocol_query(req) -> str | None:
    """The query text of a SPARQL Protocol request; updates and dataset parameters refused."""
    ctype = (req.mimetype or "").lower()
    if req.method == "POST":
        if ctype == "application/sparql-update":
            raise Refused(403, "This endpoint is read-only: SPARQL Update is refused.")
        if ctype == "application/sparql-query":
            if req.content_length and req.content_length > 4 << 20:
                raise Refused(413, "The query is too long.")
            try:
                return req.get_data(as_text=False).decode("utf-8")
            except UnicodeDecodeError:
                raise Refused(400, "The query body is not UTF-8.") from None
        if ctype not in ("application/x-www-form-urlencoded", "multipart/form-data", ""):
            raise Refused(415, f"Unsupported content type {ctype}: use application/sparql-query or a form.")
    if "update" in req.values:
        raise Refused(403, "This endpoint is read-only: SPARQL Update is refused.")
    for p in ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri"):
        if p in req.values:
            raise Refused(400, f"{p} is not supported: queries see the whole graph and nothing is loaded from elsewhere.")
    text = req.values.get("query")
    return text if text is not None and text.strip() else None


def binding_term(value: str) -> str:
    """A query-page value as an N-Triples term: <iri>, text@lang, a date, an integer or text."""
    return str(term_from_text(value))
