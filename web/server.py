"""``kg serve``: the viewer under a production WSGI server (waitress), on 127.0.0.1 by default.

The server listens at once and prints its address; the query workers start beside it. SIGTERM
and Ctrl-C stop the server and every worker process. ``--port 0`` picks a free port (the
printed address says which). The number of query worker processes is
``GOVKG_QUERY_WORKERS`` (default 2).
"""

from __future__ import annotations

import os
import signal
import sys
import threading

from kg.store import Store

from .app import create_app
from .pool import MEMORY_ENV


def _stop(signum, frame):
    raise SystemExit(0)


def warm_up(state) -> threading.Thread:
    """Build the graph views' index (web.graphview.NetworkIndex: 0.8 s on a 1M-triple graph) in
    the background, so that the first graph view a user opens does not wait for it. A failure
    here is left to that request, which builds the index again and reports what went wrong."""
    def build() -> None:
        try:
            state.network().build()
        except Exception:
            pass

    t = threading.Thread(target=build, name="govkg-network-index", daemon=True)
    t.start()
    return t


def run_server(graph: str, host: str = "127.0.0.1", port: int = 5000, timeout: float = 10.0,
               threads: int = 8, memory: str = "auto") -> None:
    """Open GRAPH (a file ``kg build`` writes, or a store folder) and serve the viewer until stopped.
    A store folder is copied into memory in the background (``memory``: auto, yes, no; see
    ``Store.load_into_memory``), by the server and by each query worker."""
    import waitress.server

    store = Store.open(graph)
    workers = int(os.environ.get("GOVKG_QUERY_WORKERS", "2") or 2)
    on_disk = getattr(store, "on_disk", False)     # a SPARQL server (kg.backends.RemoteStore) is not
    if memory == "auto":
        memory = "yes" if on_disk and store.fits_in_memory(copies=workers + 1) else "no"
    os.environ[MEMORY_ENV] = memory if on_disk else "no"     # the query workers read it when they open the graph
    if on_disk:
        store.load_into_memory_later(when=memory)
    loopback = host in ("127.0.0.1", "localhost", "::1")
    allowed = {"127.0.0.1", "localhost", "::1", host} if loopback else None
    app = create_app(store, {"QUERY_TIMEOUT": timeout, "GRAPH": str(graph), "QUERY_WORKERS": workers,
                             "ALLOWED_HOSTS": allowed})
    state = app.extensions["govkg"]
    state.pool()  # workers start loading the graph now, in the background
    warm_up(state)
    server = waitress.server.create_server(app, host=host, port=port, threads=threads, ident="govkg",
                                           clear_untrusted_proxy_headers=True, channel_timeout=max(60, int(timeout) + 30))
    bound_port = server.effective_port if hasattr(server, "effective_port") else port
    shown = f"[{host}]" if ":" in host else host
    copying = "; copying it into memory in the background" if on_disk and memory == "yes" else ""
    print(f"govkg viewer for {graph} ({len(store)} triples{copying}): http://{shown}:{bound_port}/", flush=True)
    if not loopback:
        print(f"kg: warning: listening on {host}, reachable from other machines; the endpoint is "
              "read-only but anyone who can connect can query it", file=sys.stderr, flush=True)
    old = signal.signal(signal.SIGTERM, _stop)
    try:
        server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        signal.signal(signal.SIGTERM, old)
        try:
            server.close()
        except Exception:
            pass
        state.close()
        print("govkg viewer stopped", flush=True)
