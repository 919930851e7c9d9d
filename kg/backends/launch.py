"""Start a local SPARQL server on loopback ports, for tests, benchmarks and trying things out.

    python -m kg.backends.launch oxigraph DIR     # prints the URL, serves until Ctrl-C
    python -m kg.backends.launch virtuoso DIR

Oxigraph's server binary comes with PyPI's ``oxigraph`` package (a core dependency); Virtuoso with
Debian's ``virtuoso-opensource``. Each server gets its own data folder and is stopped by its PID.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO_VAD = "/usr/share/virtuoso-opensource-7/vad"
VIRTUOSO_VSP = "/var/lib/virtuoso-opensource-7/vsp"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str | None:
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.exists() else shutil.which("oxigraph")


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


@dataclass
class Server:
    kind: str
    url: str            # the spec to give kg: base address or endpoint
    proc: subprocess.Popen
    folder: Path
    env: dict           # environment variables the client needs (credentials)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self, timeout: float = 20.0) -> None:
        """Stop the server by its PID (SIGTERM, then SIGKILL)."""
        if self.proc.poll() is not None:
            return
        os.kill(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _wait_http(url: str, proc: subprocess.Popen, timeout: float, log: Path) -> None:
    import requests
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"the server did not answer at {url} within {timeout} s")


def start_oxigraph(folder: str | Path, port: int | None = None, timeout: float = 30.0) -> Server:
    binary = oxigraph_binary()
    if not binary:
        raise RuntimeError("no oxigraph server binary: pip install oxigraph")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    log = folder / "oxigraph.log"
    with open(log, "ab") as fh:
        proc = subprocess.Popen([binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
                                stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    _wait_http(url + "/", proc, timeout, log)
    return Server("oxigraph", url, proc, folder, {})


VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {d}/virtuoso.db
ErrorLogFile       = {d}/virtuoso.log
LockFile           = {d}/virtuoso.lck
TransactionFile    = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {d}/virtuoso-temp.db
TransactionFile    = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:{sql_port}
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
CaseMode                 = 2
MaxStaticCursorRows      = 5000
AllowOSCalls             = 0
DirsAllowed              = ., {d}, {vad}
VADInstallDir            = {vad}/
NumberOfBuffers          = {buffers}
MaxDirtyBuffers          = {dirty}
MaxQueryMem              = 1G
ThreadsPerQuery          = 2

[HTTPServer]
ServerPort                  = 127.0.0.1:{http_port}
ServerRoot                  = {vsp}
MaxClientConnections        = 10
ServerThreads               = 10
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
Charset                     = UTF-8
EnabledGzipContent          = 0

[SPARQL]
ResultSetMaxRows           = {max_rows}
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 300
DefaultGraph               = http://localhost:{http_port}/dataspace
"""


def start_virtuoso(folder: str | Path, timeout: float = 60.0, max_rows: int = 1_000_000,
                   buffers: int = 85_000) -> Server:
    """Virtuoso with its own ini: loopback ports, its data in ``folder``, ``DirsAllowed`` set and
    ``ResultSetMaxRows`` raised above the default 10,000 that silently cuts results. The fresh
    database's ``dba`` account (password ``dba``) is handed to the client through the environment."""
    binary = virtuoso_binary()
    if not binary:
        raise RuntimeError("no virtuoso-t: apt-get install virtuoso-opensource")
    folder = Path(folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=folder, vad=VIRTUOSO_VAD, vsp=VIRTUOSO_VSP if Path(VIRTUOSO_VSP).exists()
                                       else folder, sql_port=sql_port, http_port=http_port, max_rows=max_rows,
                                       buffers=buffers, dirty=buffers * 3 // 4), encoding="utf-8")
    log = folder / "virtuoso.out"
    with open(log, "ab") as fh:
        proc = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=folder,
                                stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{http_port}/sparql"
    _wait_http(url, proc, timeout, log)
    return Server("virtuoso", url, proc, folder, {"GOVKG_STORE_USER": "dba", "GOVKG_STORE_PASSWORD": "dba"})


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or argv[0] not in ("oxigraph", "virtuoso"):
        print(__doc__.strip())
        sys.exit(2)
    server = (start_oxigraph if argv[0] == "oxigraph" else start_virtuoso)(argv[1])
    print(server.url, flush=True)
    for k, v in server.env.items():
        print(f"{k}={v}", flush=True)
    try:
        server.proc.wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
