"""Load, short CI version (issue 8): bench/load.py for a few seconds against `kg serve` on the seed
graph, on loopback, with 4 clients; no named query may fail and no connection may drop.
The full run is `python bench/load.py --clients 16 --seconds 60` (figures in docs/robustness.md)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import ROOT


def _has_sparql_route() -> bool:
    try:
        from kg.store import Store
        from web.app import create_app
        app = create_app(Store.from_quads([]))
    except Exception:  # noqa: BLE001 - any failure to build the app means no route
        return False
    return any(rule.rule == "/sparql" for rule in app.url_map.iter_rules())


pytestmark = pytest.mark.skipif(not _has_sparql_route(), reason="web/ has no /sparql route yet")


@pytest.fixture(scope="module")
def figures(tmp_path_factory, seed_ttl) -> dict:
    out = tmp_path_factory.mktemp("load") / "load.json"
    done = subprocess.run([sys.executable, "bench/load.py", "--graph", str(seed_ttl), "--clients", "4",
                           "--seconds", "6", "--server-timeout", "2", "--request-timeout", "30",
                           "--json", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=180,
                          check=False)
    assert out.exists(), done.stdout + done.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def test_named_queries_served_without_errors(figures):
    for phase in ("named_only", "with_pathological"):
        s = figures[phase]
        assert s["named_ok"] > 0, s
        assert set(s["statuses"]) == {"200"}, s
        assert s["dropped"] == s["timeouts"] == s["bad_json"] == 0, s
    assert figures["with_pathological"]["pathological"], figures      # the pathological client did run

