"""Extraction on Dask: a local-cluster build of the seeds gives the local build's bytes."""

from __future__ import annotations

import pytest

from .conftest import SEEDS, run_kg

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def local_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "seeds.nq"
    done = run_kg("build", str(SEEDS), "-o", str(out), "-q")
    assert done.returncode == 0, done.stderr
    return out


def test_local_cluster_same_bytes(local_build, tmp_path):
    out = tmp_path / "seeds.nq"
    done = run_kg("build", str(SEEDS), "-o", str(out), "--engine", "dask", "-j", "2")
    assert done.returncode == 0, done.stderr
    assert "files read: 5" in done.stderr
    assert out.read_bytes() == local_build.read_bytes()


def test_scheduler_address_same_bytes(local_build, tmp_path):
    from distributed import LocalCluster
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        out = tmp_path / "seeds.nq"
        done = run_kg("build", str(SEEDS), "-o", str(out), "-q", "--engine", "dask",
                      "--scheduler", cluster.scheduler_address)
        assert done.returncode == 0, done.stderr
    assert out.read_bytes() == local_build.read_bytes()


def test_dask_skips_bad_files_like_local(tmp_path):
    (tmp_path / "in").mkdir()
    for p in sorted(SEEDS.iterdir())[:2]:
        (tmp_path / "in" / p.name).write_bytes(p.read_bytes())
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "binary.txt").write_bytes(b"\x00\x01\x02" * 10)
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    da = run_kg("build", str(tmp_path / "in"), "-o", str(a), "-q")
    db = run_kg("build", str(tmp_path / "in"), "-o", str(b), "-q", "--engine", "dask", "-j", "1")
    assert da.returncode == db.returncode == 0, db.stderr
    assert a.read_bytes() == b.read_bytes()
    assert sorted(da.stderr.splitlines()) == sorted(db.stderr.splitlines())
    assert "empty.txt" in db.stderr


def test_scheduler_needs_dask_engine(tmp_path):
    done = run_kg("build", str(SEEDS), "-o", str(tmp_path / "x.ttl"), "--scheduler", "tcp://127.0.0.1:1")
    assert done.returncode == 2


def test_the_dask_workers_emit_the_file_graphs():
    from kg.build import build
    local = build([str(SEEDS)])
    on_dask = build([str(SEEDS)], engine="dask", jobs=1)
    assert on_dask.engine_blocks == 5 and local.engine_blocks == 0
    assert on_dask.dataset.nquads() == local.dataset.nquads()
