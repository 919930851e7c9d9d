"""Store backends other than the embedded Oxigraph store: any SPARQL 1.1 server by URL.

``kg.store.Store.open(spec)`` hands a spec to :func:`open_remote` when :func:`is_remote` says it
names a server (an ``http(s)://`` URL, or a ``.ini`` file with a ``[store]`` section).
See docs/scale-out.md.
"""

from __future__ import annotations

from .remote import Endpoints, RemoteStore, is_remote, open_remote

__all__ = ["Endpoints", "RemoteStore", "is_remote", "open_remote"]
