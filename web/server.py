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

from kg.store import Store

from .app import create_app


def _stop(signum, frame):
    raise SystemExit(0)


def run_server(graph: str, host: str = "127.0.0.1", port: int = 5000, timeout: float = 10.0,
               threads: int = 8) -> None:
    """Open GRAPH (a file ``kg build`` writes, or a store folder) and serve the viewer until stopped."""
    import waitress.server

    store = Store.open(graph)
    workers = int(os.environ.get("GOVKG_QUERY_WORKERS", "2") or 2)
    loopback = host in ("127.0.0.1", "localhost", "::1")
    allowed = {"127.0.0.1", "localhost", "::1", host} if loopback else None
    app = create_app(store, {"QUERY_TIMEOUT": timeout, "GRAPH": str(graph), "QUERY_WORKERS": workers,
                             "ALLOWED_HOSTS": allowed})
    state = app.extensions["govkg"]
    state.pool()  # workers start loading the graph now, in the background
    server = waitress.server.create_server(app, host=host, port=port, threads=threads, ident="govkg",
                                           clear_untrusted_proxy_headers=True, channel_timeout=max(60, int(timeout) + 30))
    bound_port = server.effective_port if hasattr(server, "effective_port") else port
    shown = f"[{host}]" if ":" in host else host
    print(f"govkg viewer for {graph} ({len(store)} triples): http://{shown}:{bound_port}/", flush=True)
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
