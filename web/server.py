"""``kg serve``: the viewer under a production WSGI server (waitress), on 127.0.0.1 by default."""

from __future__ import annotations

from kg.store import Store

from .app import create_app


def run_server(graph: str, host: str = "127.0.0.1", port: int = 5000, timeout: float = 10.0,
               threads: int = 8) -> None:
    import waitress

    store = Store.open(graph)
    app = create_app(store, {"QUERY_TIMEOUT": timeout})
    print(f"govkg viewer for {graph}: http://{host}:{port}/", flush=True)
    waitress.serve(app, host=host, port=port, threads=threads, ident="govkg")
