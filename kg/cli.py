"""``kg``: build a graph from newspaper articles, query it, export it, serve it.

The commands only parse arguments and call plain functions that tests import.
"""

from __future__ import annotations

import atexit
import gc
import json
import sys
import unicodedata
from pathlib import Path

import click

from . import __version__
from .errors import KgError

EXAMPLES = """
\b
Examples:
  kg build seeds -o graph.ttl             build Turtle from a folder of articles
  kg build seeds -o graph.store           build a persistent store folder
  kg query queries/officials.rq --graph graph.ttl
  kg export --graph graph.ttl -o network.graphml
  kg serve graph.ttl                       browse it at http://127.0.0.1:5000/
  kg build seeds --store http://127.0.0.1:7878    load it into a SPARQL server (docs/scale-out.md)
  kg serve --store http://127.0.0.1:7878          browse the server's graph
"""


class GraphSpec(click.ParamType):
    """A built graph: an existing file or store folder, or a SPARQL server (http(s) URL or .ini)."""

    name = "graph"

    def convert(self, value, param, ctx):
        from .backends import is_remote
        if is_remote(value) or Path(value).exists():
            return str(value)
        self.fail(f"{value!r} is neither an existing file or folder nor an http(s) URL of a SPARQL server", param, ctx)


def _store_url(value):
    if value is None:
        return None
    from .backends import is_remote
    if not is_remote(value):
        raise click.BadParameter("give the server's http(s) URL or a .ini file with a [store] section")
    return value


STORE_HELP = ("A SPARQL 1.1 server: an Oxigraph base address (http://127.0.0.1:7878), another server's "
              "endpoint URL, or a .ini naming its endpoints. Credentials come from GOVKG_STORE_USER and "
              "GOVKG_STORE_PASSWORD or the .ini, never the command line. See docs/scale-out.md.")


def _load_into(store_url: str, quads, quiet: bool) -> None:
    from .backends import open_remote
    store = open_remote(store_url)
    report = store.load(quads)
    if not quiet:
        click.echo(f"loaded {report.quads} quads in {report.graphs} graphs into {store_url} "
                   f"({report.requests} requests, {report.dropped} stale graphs dropped, {report.seconds:.1f} s)",
                   err=True)



def _fail(exc: KgError, code: int = 1):
    click.echo(f"kg: {exc.message}", err=True)
    sys.exit(code)


@click.group(help=__doc__ + EXAMPLES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="govkg")
def main() -> None:
    pass


@main.command(help="""Build a graph from files or folders of articles (UTF-8, UTF-16 with BOM, GB18030/GBK).

\b
OUT's suffix picks the format: .ttl Turtle, .trig / .nq with one named graph per source file,
.jsonld, .nt, .rdf; a folder (or a path without suffix) holds a persistent embedded store.
The output depends only on the input files' names and contents and the options, and is
written atomically. Files that cannot be read are listed with a reason and skipped.
Exit 0 when something was built, 1 when nothing could be (or with --strict, when any file
was skipped), 2 for a usage error.""")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", "out", default=None, type=click.Path(),
              help="Output file or store folder (required unless --store is given).")
@click.option("--store", "store_url", default=None, callback=lambda c, p, v: _store_url(v),
              help="Also (or instead) load the graph into this SPARQL server, replacing the build's graphs there.")
@click.option("--parts", "parts", default=None, type=click.Path(file_okay=False),
              help="Also write the graph as N-Quads part files (part-00000.nq …, ~64 MB each, one named "
              "graph per source file) into this folder, for a SPARQL server's bulk loader.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run extraction in local processes or on a Dask cluster (same output).")
@click.option("--scheduler", default=None, help="Dask scheduler address (tcp://host:8786); without it a local "
              "cluster of --jobs workers on 127.0.0.1.")
@click.option("--format", "fmt", default=None, help="Output format, overriding OUT's suffix "
              "(turtle, trig, nquads, ntriples, jsonld, xml, store, graphml, gexf).")
@click.option("--lexicon", "lexicons", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="A folder of lexicon files extending the shipped ones (repeatable). See docs/lexicons.md.")
@click.option("--date", "date", default=None, help="Publication date YYYY-MM-DD for pages that do not show one.")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 256),
              help="Extract in this many processes; the output is the same whatever the number.")
@click.option("--base", default=None, help="Base IRI of the graph's nodes (default https://govkg.org/id/).")
@click.option("--update", "update", default=None, type=GraphSpec(),
              help="Add PATHS to this built graph (file or store): the result replaces OUT.")
@click.option("--strict", is_flag=True, help="Exit 1 when any file was skipped.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def build(paths, out, store_url, parts, engine, scheduler, fmt, lexicons, date, jobs, base, update, strict, quiet):
    from . import dates
    from .build import build as run_build
    from .build import write_output
    from .store import format_for
    if out is None and store_url is None and parts is None:
        click.echo("kg: give -o OUT, --store URL or --parts DIR (or several)", err=True)
        sys.exit(2)
    if scheduler and engine != "dask":
        click.echo("kg: --scheduler needs --engine dask", err=True)
        sys.exit(2)
    try:
        fmt = format_for(out, fmt) if out is not None else None
        date_option = dates.parse_option(date) if date else None
    except KgError as exc:
        _fail(exc, 2)
    except ValueError:
        click.echo(f"kg: --date {date!r} is not a date YYYY-MM-DD", err=True)
        sys.exit(2)

    class Progress:
        def __init__(self, total):
            self.bar = click.progressbar(length=total, label="extracting", file=sys.stderr)
            self.bar.__enter__()

        def update(self, n):
            self.bar.update(n)

        def close(self):
            self.bar.__exit__(None, None, None)

    progress = Progress

    try:
        result = run_build(list(paths), lexicon_dirs=list(lexicons), date_option=date_option, jobs=jobs,
                           base=base, update=update, progress=None if quiet else progress,
                           engine=engine, scheduler=scheduler, out_format=fmt,
                           keep_nquads=bool(parts or store_url))
    except KgError as exc:
        _fail(exc, 1)
    for s in result.skipped:
        click.echo(f"kg: skipped {s.path}: {s.reason}", err=True)
    if result.dataset is None:
        click.echo("kg: nothing could be built; no output written", err=True)
        sys.exit(1)
    try:
        if out is not None:
            counted = write_output(result.dataset, out, fmt)
            if counted is not None:
                result.triples = counted
        if parts:
            written = result.dataset.write_parts(parts)
            if not quiet:
                click.echo(f"wrote {len(written)} N-Quads part files in {parts}", err=True)
        if store_url:
            _load_into(store_url, result.dataset, quiet)
    except KgError as exc:
        _fail(exc, 1)
    except OSError as exc:
        click.echo(f"kg: cannot write {out}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    if not quiet:
        click.echo(result.summary().splitlines()[0] + (f"\nwrote {out} ({fmt})" if out else ""), err=True)
    # the process ends soon: its last collection would walk every object the build left, to find
    # nothing (kg.build._collector_off); ~25 ms of a 10 MB build's exit
    atexit.register(gc.freeze)
    sys.exit(1 if strict and result.skipped else 0)


def _load_query(query: str) -> str:
    p = Path(query)
    if p.suffix in (".rq", ".sparql") or (len(query) < 4096 and p.is_file()):
        try:
            return p.read_text(encoding="utf-8")
        except OSError as exc:
            raise KgError("E012", f"cannot read {query}: {exc.strerror}")
    return query


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_table(vars_: list[str], rows: list[list[str]]) -> str:
    widths = [max([_width(v)] + [_width(r[i]) for r in rows]) for i, v in enumerate(vars_)]
    widths = [min(w, 80) for w in widths]
    line = "  ".join(_pad(v, w) for v, w in zip(vars_, widths))
    out = [line, "  ".join("-" * w for w in widths)]
    for r in rows:
        out.append("  ".join(_pad(c if _width(c) <= 80 else c[:38] + "…", w) for c, w in zip(r, widths)).rstrip())
    out.append(f"({len(rows)} rows)")
    return "\n".join(out)


def _term(t) -> str:
    if t is None:
        return ""
    return t.value


@main.command(help="""Run a SPARQL query (a .rq file or the query text) over a built graph.

\b
The query sees all named graphs as one default graph. Formats: table (aligned for Chinese),
csv, tsv, json (SPARQL 1.1 JSON results); CONSTRUCT/DESCRIBE print Turtle.
Values may be bound with --bind NAME=VALUE: an IRI (<...> or http...), TEXT@zh for a
Chinese-tagged literal (names and titles are tagged @zh), a date YYYY-MM-DD, an integer, or
plain text. Bound values are in place before the query's filters run.""")
@click.argument("query")
@click.option("--graph", "graph", required=True, type=GraphSpec(),
              help="A built graph file or store, or a SPARQL server's URL.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True)
@click.option("--bind", "binds", multiple=True, help="Bind a variable: name=value or name=<iri>.")
def query(query, graph, fmt, binds):
    import pyoxigraph as ox

    from .sparqltext import term_from_text
    from .store import Store
    try:
        text = _load_query(query)
        store = Store.open(graph)
    except KgError as exc:
        _fail(exc, 1)
    bindings = {}
    for b in binds:
        name, _, value = b.partition("=")
        if not name or not _:
            click.echo(f"kg: --bind {b!r}: use name=value", err=True)
            sys.exit(2)
        try:
            bindings[name.lstrip("?")] = term_from_text(value)
        except ValueError as exc:
            click.echo(f"kg: --bind {b!r}: {exc}", err=True)
            sys.exit(2)
    try:
        result = store.query(text, bindings)
    except KgError as exc:
        _fail(exc, 1)
    except (SyntaxError, ValueError, OSError) as exc:
        click.echo(f"kg: the query failed: {exc} [E013]", err=True)
        sys.exit(1)
    if isinstance(result, ox.QueryBoolean):
        click.echo("true" if bool(result) else "false")
        return
    if isinstance(result, ox.QueryTriples):
        from .store import serialize
        quads = [ox.Quad(t.subject, t.predicate, t.object) for t in result]
        serialize(quads, sys.stdout.buffer, "turtle")
        return
    if fmt in ("csv", "tsv", "json"):
        f = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
             "json": ox.QueryResultsFormat.JSON}[fmt]
        sys.stdout.buffer.write(result.serialize(format=f))
        if fmt == "json":
            sys.stdout.buffer.write(b"\n")
        return
    vars_ = [v.value for v in result.variables]
    rows = [[_term(sol[v]) for v in vars_] for sol in result]
    click.echo(format_table(vars_, rows))


@main.command(help="""Convert a built graph to another format.

\b
RDF: .ttl, .trig, .nq, .nt, .jsonld, .rdf. Networks for Gephi: .graphml and .gexf hold the
people–event–body network (people linked to events they took part in and bodies they
hold posts in).""")
@click.option("--graph", "graph", required=True, type=GraphSpec(),
              help="A built graph file or store, or a SPARQL server's URL.")
@click.option("-o", "--output", "out", required=True, type=click.Path(), help="Output file.")
@click.option("--format", "fmt", default=None, help="Output format, overriding OUT's suffix.")
def export(graph, out, fmt):
    from .build import write_output
    from .store import Store, format_for
    try:
        fmt = format_for(out, fmt)
        store = Store.open(graph)
        write_output(list(store.quads()), out, fmt)
    except KgError as exc:
        _fail(exc, 1)
    click.echo(f"wrote {out} ({fmt})", err=True)


@main.command(help="Counts per class and per property of a built graph.")
@click.option("--graph", "graph", required=True, type=GraphSpec(),
              help="A built graph file or store, or a SPARQL server's URL.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats(graph, as_json):
    from .stats import graph_stats
    from .store import Store
    try:
        store = Store.open(graph)
    except KgError as exc:
        _fail(exc, 1)
    s = graph_stats(store)
    if as_json:
        click.echo(json.dumps(s, ensure_ascii=False, indent=1))
        return
    click.echo(f"triples: {s['triples']}")
    click.echo(format_table(["class", "instances"], [[k, str(v)] for k, v in s["classes"].items()]))
    click.echo(format_table(["property", "uses"], [[k, str(v)] for k, v in s["properties"].items()]))


@main.command(help="""Check a built graph against the SHACL shapes (kg/shapes.ttl). Exit 1 on violations.""")
@click.option("--graph", "graph", required=True, type=GraphSpec(),
              help="A built graph file or store, or a SPARQL server's URL.")
def validate(graph):
    from .shapes import validate as run
    from .store import Store
    try:
        store = Store.open(graph)
    except KgError as exc:
        _fail(exc, 1)
    conforms, report = run(store)
    click.echo(report)
    sys.exit(0 if conforms else 1)


@main.command(help="""Load a built graph (file or store folder) into a SPARQL server.

\b
Each named graph replaces the server's graph of the same name, graphs of the same build that
are no longer in GRAPH are dropped, and the server's count is checked against what was sent.""")
@click.argument("graph", type=click.Path(exists=True))
@click.option("--store", "store_url", required=True, callback=lambda c, p, v: _store_url(v), help=STORE_HELP)
@click.option("-q", "--quiet", is_flag=True, help="No summary.")
def push(graph, store_url, quiet):
    from .store import Store
    try:
        _load_into(store_url, Store.open(graph).quads(), quiet)
    except KgError as exc:
        _fail(exc, 1)


@main.command(help="""Serve the viewer and a read-only SPARQL endpoint for a built graph.

\b
GRAPH is any file `kg build` writes, or a store folder; without it, the seeds' graph that
`make run` builds (out/seeds.store); with --store URL and no GRAPH, the graph in that
SPARQL server. Binds 127.0.0.1 unless --host says otherwise.""")
@click.argument("graph", required=False, type=click.Path(exists=True))
@click.option("--store", "store_url", default=None, callback=lambda c, p, v: _store_url(v),
              help="Serve the graph held by this SPARQL server instead of GRAPH. " + STORE_HELP)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--timeout", "timeout", default=10.0, show_default=True, type=float,
              help="Seconds a SPARQL query may run before it is stopped.")
@click.option("--threads", default=8, show_default=True, type=int, help="Server threads.")
@click.option("--memory", type=click.Choice(["auto", "yes", "no"]), default="auto", show_default=True,
              help="Copy a store folder's graph into memory after starting (the viewer answers from the "
              "folder meanwhile; queries then run 1.1-5x faster). auto: when a copy for the server and each "
              "query worker takes at most half the memory available.")
def serve(graph, store_url, host, port, timeout, threads, memory):
    from web.server import run_server
    if graph is not None and store_url is not None:
        click.echo("kg: give GRAPH or --store, not both", err=True)
        sys.exit(2)
    if store_url is not None:
        graph = store_url
    if graph is None:
        default = Path("out/seeds.store")
        if not default.exists():
            click.echo("kg: no GRAPH given and out/seeds.store does not exist; run `make run` or "
                       "`kg build seeds -o out/seeds.store` first", err=True)
            sys.exit(2)
        graph = str(default)
    try:
        run_server(graph, host=host, port=port, timeout=timeout, threads=threads, memory=memory)
    except KgError as exc:
        _fail(exc, 1)


if __name__ == "__main__":
    main()
