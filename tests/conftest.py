"""Shared fixtures: the seed graph is built once per session through the real CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
KG = [sys.executable, "-m", "kg.cli"]


def run_kg(*args: str, cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*KG, *args], cwd=cwd or ROOT, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def seed_ttl(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seeds") / "seeds.ttl"
    done = run_kg("build", str(SEEDS), "-o", str(out), "-q")
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="session")
def seed_store(seed_ttl):
    from kg.store import Store
    return Store.open(seed_ttl)


@pytest.fixture(scope="session")
def lexicon():
    from kg.lexicon import Lexicon
    return Lexicon.load()


@pytest.fixture(scope="session")
def extractors(lexicon):
    from kg.pipeline import Extractors
    return Extractors(lexicon)
