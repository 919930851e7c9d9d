"""``kg build --jobs N`` on one machine: N worker processes that keep what they extract.

Each worker pulls batches of files from a shared queue (so a slow file does not hold the others
up), extracts them, keeps the records and sends the parent only what resolution reads of them
(``kg.resolve.summarize``: names, titles, organisers; a fifth of the bytes, and tuples rather than
objects to rebuild). The parent resolves once, over all pages, and sends the resolution to every
worker. Each worker then sends back the facts of its pages for the resolved graph
(``kg.triples.Facts``, which merge in any order) and emits its pages' file graphs, with their
Turtle sections when the output is Turtle; meanwhile the parent merges the facts and emits the
resolved graph. The blocks join by graph name (``kg.dataset``), so the output is the same bytes
whatever N and whichever worker extracted which file.

Messages, worker → parent: ("pages", [(name, summary | None, error | None), ...]) per batch;
("facts", Facts); ("blocks", [Block, ...]) per MiB or so, then ("done", None). Parent → worker:
the queue's batches, a None per worker when there are no more, then ("emit", resolution, base,
turtle, keep_nquads).
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import pickle
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from queue import SimpleQueue

from .errors import KgError
from .ingest import Document
from .model import DateValue, DocumentFacts
from .resolve import DocSummary, Resolution, Resolver, summarize
from .triples import Block, Emitter, Facts

PART_BYTES = 1 << 20                 # about this many bytes of blocks go in one message
Item = tuple[str, str] | Document          # a file to read (path, name) or a page already read
Page = tuple[str, DocSummary | None, str | None]


def _worker(conn: Connection, tasks, lexicon_dirs: list[str], date_option: DateValue | None) -> None:
    from . import build as b  # the extractors, made once per process
    gc.disable()              # as in the parent while it builds (kg.build._collector_off), when spawned too
    sender = None
    try:
        if "ex" not in b._WORKER:             # inherited when forked; made here when spawned
            b._init_worker(lexicon_dirs, date_option)
        ex = b._WORKER["ex"]
        kept: dict[str, DocumentFacts] = {}
        while (batch := tasks.get()) is not None:
            pages: list[Page] = []
            for item in batch:
                name, f, err = b._extract_doc(item) if isinstance(item, Document) else b._work(item)
                if f is not None:
                    kept[name] = f
                pages.append((name, summarize(f) if f is not None else None, err))
            conn.send(("pages", pages))
        _, res, base, turtle, keep = conn.recv()
        emitter = Emitter(res, Resolver(ex.lexicon), ex.lexicon, ex.versions, base)
        conn.send(("facts", emitter.facts_of(list(kept.values()))))
        # the blocks go in parts, by a thread, while the next are made: the parent takes them in
        # as they come rather than all at the end, when both workers would wait on one reader
        sender = _Sender(conn)
        part: list[Block] = []
        size = 0
        for n in sorted(kept):
            block = emitter.file_graph(kept.pop(n)).finished(turtle, keep)
            part.append(block)
            size += len(block.data) + len(block.turtle or b"")
            if size >= PART_BYTES:
                sender.send(("blocks", part))
                part, size = [], 0
        sender.send(("blocks", part))
        sender.send(("done", None))
        sender.close()
    except (EOFError, BrokenPipeError, KeyboardInterrupt):   # the parent has gone: nothing to tell it
        pass
    except BaseException:
        if sender is not None:
            sender.close()
        conn.send(("error", traceback.format_exc()))
    finally:
        conn.close()


class _Sender:
    """Sends a worker's messages to the parent from a thread, in order, so that the worker goes
    on while a message waits for the parent to read it (a pipe holds only 64 KiB)."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.queue: SimpleQueue = SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="govkg-worker-sender", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (data := self.queue.get()) is not None:
            try:
                self.conn.send_bytes(data)
            except OSError:             # the parent has gone
                return

    def send(self, message: tuple) -> None:
        self.queue.put(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))

    def close(self) -> None:
        """Wait until everything given has been sent."""
        self.queue.put(None)
        self.thread.join()


def guided(items: list, batch: int, workers: int) -> Iterator[list]:
    """``items`` in batches of at most ``batch``, smaller towards the end (a share of what is left
    per worker), so that the workers run out of work together rather than one batch apart."""
    i = 0
    while i < len(items):
        n = max(1, min(batch, (len(items) - i) // (2 * workers)))
        yield items[i:i + n]
        i += n


class LocalRun:
    """A build's worker processes, from extraction to emission (a context manager: the
    processes are ended on the way out, whatever happened)."""

    def __init__(self, jobs: int, lexicon_dirs: list[str], date_option: DateValue | None):
        method = "fork" if sys.platform != "win32" and "fork" in mp.get_all_start_methods() else "spawn"
        ctx = mp.get_context(method)
        self.tasks = ctx.Queue()
        self.conns: list[Connection] = []
        self.procs = []
        for _ in range(jobs):
            mine, theirs = ctx.Pipe()
            p = ctx.Process(target=_worker, args=(theirs, self.tasks, lexicon_dirs, date_option), daemon=True)
            p.start()
            theirs.close()
            self.conns.append(mine)
            self.procs.append(p)

    def __enter__(self) -> LocalRun:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        for c in self.conns:
            c.close()
        for p in self.procs:
            if exc_type is not None:          # they may be waiting for work that will not come
                p.terminate()
            p.join(timeout=5)
            if p.is_alive():
                p.terminate()
                p.join()
        self.tasks.close()
        self.tasks.cancel_join_thread()

    # --- receiving ------------------------------------------------------------------------------
    def _messages(self, waiting: set[Connection]) -> Iterator[tuple[Connection, tuple]]:
        """Messages from the workers in ``waiting`` (which the caller may shrink) as they come;
        a worker that dies is an error, not a hang."""
        proc = dict(zip(self.conns, self.procs))
        while waiting:
            ready = wait([*waiting, *(proc[c].sentinel for c in waiting)])
            for c in list(waiting):
                p = proc[c]
                if c in ready or c.poll():
                    try:
                        msg = c.recv()
                    except EOFError:
                        p.join()
                        raise KgError("E009", f"a build worker process ended unexpectedly "
                                              f"(exit code {p.exitcode})") from None
                    if msg[0] == "error":
                        raise KgError("E009", f"a build worker failed:\n{msg[1]}")
                    yield c, msg
                elif p.sentinel in ready:
                    p.join()
                    raise KgError("E009", f"a build worker process ended unexpectedly (exit code {p.exitcode})")

    def extract(self, items: list[Item], batch: int, on_done: Callable[[int], None] | None = None) -> Iterator[Page]:
        """Send ``items`` to the workers in batches; yield each page's (name, summary, error)."""
        pending = 0
        for part in guided(items, batch, len(self.procs)):
            self.tasks.put(part)
            pending += 1
        if not pending:
            return
        for _, msg in self._messages(set(self.conns)):
            yield from msg[1]
            if on_done:
                on_done(len(msg[1]))
            pending -= 1
            if not pending:
                return

    def emit(self, res: Resolution, emitter: Emitter, base: str | None, turtle: bool, keep_nquads: bool) -> list[Block]:
        """After the last ``extract``: the blocks of every extracted page and the resolved graph."""
        for _ in self.procs:
            self.tasks.put(None)
        message = pickle.dumps(("emit", res, base, turtle, keep_nquads), pickle.HIGHEST_PROTOCOL)
        for c in self.conns:            # made once for all of them (what Connection.send does)
            c.send_bytes(message)
        facts = Facts()
        for part in self._one_from_each():
            facts.merge(part)
        blocks = [emitter.resolved_graph_of(facts).finished(turtle, keep_nquads)]
        waiting = set(self.conns)
        for c, (kind, part) in self._messages(waiting):
            if kind == "done":
                waiting.discard(c)
            else:
                blocks.extend(part)
        return blocks

    def _one_from_each(self) -> Iterator:
        """The next message of every worker (its facts), as they come."""
        waiting = set(self.conns)
        for c, msg in self._messages(waiting):
            waiting.discard(c)
            yield msg[1]
