"""Faults (issue 8): a build killed with SIGKILL at any moment, worker processes and all, never
loses or damages the previous output; `--update` killed mid-way leaves the graph as it was.

The build under test runs in its own process group with ``--jobs 2`` (so worker processes exist)
on a corpus big enough to take several seconds (the seed pages copied under other names); the
whole group is killed at random moments, from early extraction to the final rename. After each
kill the previous output must be byte-for-byte what it was, or, when the kill came after the
rename, exactly what a complete build writes: never anything in between.
Set KG_FAULT_TRIALS to run more trials (default 5 per case); the random seed is printed.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from .conftest import KG, ROOT, SEEDS, run_kg

TRIALS = max(1, int(os.environ.get("KG_FAULT_TRIALS", "5")))
COPIES = 12                                  # 5 seeds × 12 = 60 files: about 5–8 s with --jobs 2


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("faults") / "pages"
    root.mkdir()
    for i in range(COPIES):
        for seed in sorted(SEEDS.iterdir()):
            shutil.copyfile(seed, root / f"c{i:03d}_{seed.name}")
    return root


@pytest.fixture(scope="module")
def rng() -> random.Random:
    seed = int(os.environ.get("KG_FAULT_SEED", str(int(time.time()))))
    print(f"KG_FAULT_SEED={seed}")
    return random.Random(seed)


def start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen([*KG, *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)
    proc.stderr.close()


def timed_run(args: list[str], timeout: float = 240) -> float:
    t0 = time.monotonic()
    proc = start(args)
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        raise
    assert proc.returncode == 0, err.decode(errors="replace")
    return time.monotonic() - t0


def kill_at_random(args: list[str], duration: float, rng: random.Random) -> tuple[float, bool]:
    """Start a build, SIGKILL its process group at a random moment; (delay, finished before the kill)."""
    delay = rng.uniform(0.15, 1.05) * duration
    proc = start(args)
    try:
        proc.wait(timeout=delay)
        finished = True
    except subprocess.TimeoutExpired:
        finished = False
    kill_group(proc)
    return delay, finished


def ttl_triples(path: Path) -> int:
    return len(list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)))


def store_quads(path: Path) -> int:
    assert (path / "govkg-store").exists(), sorted(p.name for p in path.parent.iterdir())
    return len(ox.Store.read_only(str(path / "oxigraph")))


def visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def test_killed_turtle_build_keeps_previous_file(tmp_path, corpus, rng):
    out = tmp_path / "g.ttl"
    reference = tmp_path / "ref" / "g.ttl"
    args = ["build", str(corpus), "-o", str(reference), "-q", "--jobs", "2"]
    duration = timed_run(args)
    new = reference.read_bytes()
    assert run_kg("build", str(SEEDS / "002_f409d700cfb95473.txt"), "-o", str(out), "-q").returncode == 0
    old = out.read_bytes()
    n_old = ttl_triples(out)
    for trial in range(TRIALS):
        delay, _ = kill_at_random(["build", str(corpus), "-o", str(out), "-q", "--jobs", "2"], duration, rng)
        now = out.read_bytes()
        assert now in (old, new), f"trial {trial}: killed after {delay:.2f}s: output is neither old nor new"
        assert ttl_triples(out) == (n_old if now == old else ttl_triples(reference))
        if now == new:                     # the kill came after the rename: start again from the old
            out.write_bytes(old)
        assert visible(tmp_path) == ["g.ttl", "ref"], visible(tmp_path)


def test_killed_store_build_keeps_previous_store(tmp_path, corpus, rng):
    out = tmp_path / "g.store"
    reference = tmp_path / "ref.store"
    duration = timed_run(["build", str(corpus), "-o", str(reference), "-q", "--jobs", "2"])
    n_new = store_quads(reference)
    assert run_kg("build", str(SEEDS / "002_f409d700cfb95473.txt"), "-o", str(out), "-q").returncode == 0
    n_old = store_quads(out)
    assert n_old < n_new
    for trial in range(TRIALS):
        delay, _ = kill_at_random(["build", str(corpus), "-o", str(out), "-q", "--jobs", "2"], duration, rng)
        n = store_quads(out)
        assert n in (n_old, n_new), f"trial {trial}: killed after {delay:.2f}s: {n} quads"
        if n == n_new:
            assert run_kg("build", str(SEEDS / "002_f409d700cfb95473.txt"), "-o", str(out), "-q").returncode == 0
        done = run_kg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--graph", str(out), "--format", "csv")
        assert done.returncode == 0, done.stderr
        assert visible(tmp_path) == ["g.store", "ref.store"], visible(tmp_path)


@pytest.mark.parametrize("suffix", [".ttl", ".store"])
def test_killed_update_leaves_graph_as_it_was(tmp_path, corpus, rng, suffix):
    graph = tmp_path / f"g{suffix}"
    assert run_kg("build", str(SEEDS), "-o", str(graph), "-q").returncode == 0
    backup = tmp_path / "backup"
    if suffix == ".ttl":
        shutil.copyfile(graph, backup)
    else:
        shutil.copytree(graph, backup)

    def snapshot() -> object:
        if suffix == ".ttl":
            return graph.read_bytes()
        return store_quads(graph)

    def restore() -> None:
        if suffix == ".ttl":
            shutil.copyfile(backup, graph)
        else:
            shutil.rmtree(graph)
            shutil.copytree(backup, graph)

    before = snapshot()
    ref = tmp_path / f"ref{suffix}"
    duration = timed_run(["build", "--update", str(graph), str(corpus), "-o", str(ref), "-q", "--jobs", "2"])
    after = ref.read_bytes() if suffix == ".ttl" else store_quads(ref)
    args = ["build", "--update", str(graph), str(corpus), "-o", str(graph), "-q", "--jobs", "2"]
    for trial in range(TRIALS):
        delay, _ = kill_at_random(args, duration, rng)
        now = snapshot()
        assert now in (before, after), f"trial {trial}: killed after {delay:.2f}s"
        if now != before:
            restore()
        if suffix == ".ttl":
            assert ttl_triples(graph) > 1000


def test_no_temporary_files_after_normal_builds(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name in ("g.ttl", "g.trig", "g.nq", "g.store"):
        done = run_kg("build", str(SEEDS), "-o", str(out / name), "-q", "--jobs", "2")
        assert done.returncode == 0, done.stderr
    for name in ("g.ttl", "g.store"):                       # rebuild over, and update in place
        done = run_kg("build", "--update", str(out / name), str(SEEDS / "000_51f39b9f8458e720.txt"),
                      "-o", str(out / name), "-q")
        assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["g.nq", "g.store", "g.trig", "g.ttl"]
    assert sorted(p.name for p in (out / "g.store").iterdir()) == ["govkg-store", "oxigraph"]
    mode = (out / "g.ttl").stat().st_mode & 0o777
    assert mode & 0o044 == 0o044 & ~_umask(), oct(mode)     # the usual permissions, not mkstemp's 0600


def _umask() -> int:
    u = os.umask(0)
    os.umask(u)
    return u


def _die_inside(tmp_path: Path, target: Path, fmt: str, when: str) -> subprocess.CompletedProcess:
    """Write `target` in a child process that dies (os._exit, as SIGKILL would) at a chosen step."""
    script = textwrap.dedent(f"""
        import os, sys
        import kg.build as build
        import kg.store as store
        from kg.store import Store
        from kg.build import write_output
        quads = list(Store.open({str(tmp_path / 'src.ttl')!r}).quads())
        real_replace = os.replace
        def replace(src, dst):
            if {when!r} == "before-rename":
                os._exit(137)
            real_replace(src, dst)
            if {when!r} == "between-renames" and str(dst).endswith(".old-" + str(os.getpid())):
                os._exit(137)
        store.os.replace = replace
        real_exchange = store._exchange
        def exchange(a, b):
            if {when!r} == "before-rename":
                os._exit(137)
            return real_exchange(a, b)
        store._exchange = exchange
        if {when!r} == "between-renames":
            store._exchange = lambda a, b: False      # the fallback path: no atomic exchange
        if {when!r} == "mid-write":
            def serialize(q, fh, f):
                fh.write(b"@prefix broken")
                fh.flush()
                os._exit(137)
            build.serialize = serialize
        write_output(quads, {str(target)!r}, {fmt!r})
    """)
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False)


@pytest.fixture
def small_graphs(tmp_path):
    assert run_kg("build", str(SEEDS), "-o", str(tmp_path / "src.ttl"), "-q").returncode == 0
    assert run_kg("build", str(SEEDS / "002_f409d700cfb95473.txt"), "-o", str(tmp_path / "g.ttl"), "-q").returncode == 0
    assert run_kg("build", str(SEEDS / "002_f409d700cfb95473.txt"), "-o", str(tmp_path / "g.store"), "-q").returncode == 0
    return tmp_path


@pytest.mark.parametrize("when", ["mid-write", "before-rename"])
def test_death_while_writing_a_file_keeps_the_previous_file(small_graphs, when):
    target = small_graphs / "g.ttl"
    old = target.read_bytes()
    done = _die_inside(small_graphs, target, "turtle", when)
    assert done.returncode == 137, done.stderr
    assert target.read_bytes() == old
    assert visible(small_graphs) == ["g.store", "g.ttl", "src.ttl"]   # a hidden .g.ttl.*.tmp may remain


def test_death_before_the_store_swap_keeps_the_previous_store(small_graphs):
    target = small_graphs / "g.store"
    n = store_quads(target)
    done = _die_inside(small_graphs, target, "store", "before-rename")
    assert done.returncode == 137, done.stderr
    assert store_quads(target) == n


def test_death_between_the_store_renames_keeps_a_store(small_graphs):
    target = small_graphs / "g.store"
    n = store_quads(target)
    done = _die_inside(small_graphs, target, "store", "between-renames")
    assert done.returncode == 137, done.stderr
    from kg.store import Store
    assert len(Store.open(target)) == n              # the moved-aside store is recovered on open
    assert target.exists()
