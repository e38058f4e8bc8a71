"""Read foreign files in worker processes: whatever one file does, it costs that file only.

Every returned workbook and every stand given as input is read in a small pool of worker
processes, each with an address-space limit (RLIMIT_AS) and each file with a time limit
(:mod:`uvp_excel.returns.limits`). A native parser that aborts, a file that hangs a parser or
needs more memory than allowed, becomes one Dutch error for that file; the dead or stopped worker
is replaced and the run goes on. Results come back in input order (the merge depends on the order
of the files), and no more than a few are held at once, so memory does not grow with the number of
returns.

Two entry points: :func:`read_returns` for the files of a run, :func:`read_one` for one stand.
How workers start is chosen by :meth:`ReadLimits.method` (``fork`` on Linux, ``forkserver`` in a
threaded program, ``spawn`` on macOS and Windows); all three are tested. With ``spawn`` a script
that uses the library must start its work under ``if __name__ == "__main__":``, as for any use
of :mod:`multiprocessing`.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import io
import multiprocessing
import os
import pickle
import signal
import time
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from uvp_excel import contract
from uvp_excel.errors import UvpError
from uvp_excel.findings import make_finding
from uvp_excel.returns.archive import UnreadableWorkbookError, read_bounded
from uvp_excel.returns.limits import ReadLimits
from uvp_excel.returns.model import ReturnFile
from uvp_excel.returns.normalise import Normaliser
from uvp_excel.returns.reader import read_return
from uvp_excel.source.model import Programme

PRELOAD = ["uvp_excel.returns.isolation"]
STOP_GRACE = 2.0  # seconds a worker gets to stop by itself at the end of a run
STARTING = 300.0  # seconds a worker may take to start; its file's time runs once it is ready
READY = "klaar"  # a worker's first message: it started and can read


class Readable(Protocol):
    """A file to read, as :func:`uvp_excel.merging.collect.collect` finds it."""

    @property
    def name(self) -> str:
        """How messages name the file."""

    @property
    def skip_reason(self) -> str:
        """Why it is skipped without reading ('' to read it)."""

    @property
    def problem(self) -> str:
        """Why it cannot be read at all ('' to read it): an error, not a skip."""

    @property
    def source(self) -> Path | BinaryIO:
        """The path, or the file object."""


def read_returns(candidates: Iterable[Readable], programme: Programme | None, *,
                 limits: ReadLimits | None = None) -> Iterator[tuple[Readable, ReturnFile]]:
    """Read every file in worker processes; yield ``(candidate, ReturnFile)`` in input order.

    A skipped candidate yields a ReturnFile whose ``skipped`` says why; a candidate with a
    ``problem`` (an odd file-system object, an old ``.xls``) yields an unreadable ReturnFile with
    that error. Reading never raises for a file: its problems are in its findings.

    Raises:
        UvpError: no worker process can be started at all.
    """
    items = list(candidates)
    limits = limits or ReadLimits.from_environment()
    work = [index for index, item in enumerate(items) if not item.skip_reason and not item.problem]
    if not work:
        for item in items:
            yield item, _without_worker(item)
        return
    pool = _Pool(programme, limits, limits.pool_size(len(work)))
    try:
        yield from _in_order(items, work, pool)
    finally:
        pool.close()


def read_one(source: Path | BinaryIO, name: str, programme: Programme | None, *,
             limits: ReadLimits | None = None) -> ReturnFile:
    """Read one workbook (a stand, a ``--base``) in a worker process; see :func:`read_returns`."""
    item = _Single(name, source)
    return next(read_returns([item], programme, limits=limits))[1]


class _Single:
    """One file to read that was not found by collect (a stand given as an option)."""

    def __init__(self, name: str, source: Path | BinaryIO):
        self.name = name
        self.source = source
        self.skip_reason = ""
        self.problem = ""


def _in_order(items: list[Readable], work: list[int],
              pool: _Pool) -> Iterator[tuple[Readable, ReturnFile]]:
    """Dispatch reads ahead within a small window; yield results in input order."""
    window = 2 * pool.size
    done: dict[int, ReturnFile] = {}
    queue = iter(work)
    upcoming = next(queue, None)
    for index, item in enumerate(items):
        while index not in done:
            if item.skip_reason or item.problem:
                done[index] = _without_worker(item)
                break
            while upcoming is not None and upcoming < index + window and pool.has_room():
                done.update(_dispatch(pool, upcoming, items[upcoming]))
                upcoming = next(queue, None)
            if index not in done:
                for finished, outcome in pool.collect():
                    done[finished] = _as_return(items[finished].name, outcome)
        yield item, done.pop(index)


def _dispatch(pool: _Pool, index: int, item: Readable) -> dict[int, ReturnFile]:
    """Hand one file to a worker: a path as such, a file object as its (bounded) bytes."""
    source = item.source
    if isinstance(source, Path):
        pool.submit(index, str(source), item.name)
        return {}
    try:
        data = read_bounded(source)
    except UnreadableWorkbookError as problem:
        return {index: _unreadable(item.name, str(problem))}
    pool.submit(index, data, item.name)
    return {}


def _seconds(value: float) -> str:
    """``1 seconde``, ``0,5 seconden``."""
    return f"{value:g}".replace(".", ",") + (" seconde" if value == 1 else " seconden")


def _without_worker(item: Readable) -> ReturnFile:
    if item.skip_reason:
        return ReturnFile(item.name, readable=False, skipped=item.skip_reason)
    return _unreadable(item.name, item.problem)


def _unreadable(name: str, reason: str) -> ReturnFile:
    finding = make_finding("retour-onleesbaar", file=name, reason=reason)
    return ReturnFile(name, findings=[finding], readable=False)


def _as_return(name: str, outcome: ReturnFile | str) -> ReturnFile:
    return outcome if isinstance(outcome, ReturnFile) else _unreadable(name, outcome)


class _Worker:
    """One reading process and the file it is reading."""

    def __init__(self, context: Any, blob: bytes, memory: int):
        self.connection, child = context.Pipe(duplex=True)
        self.process = context.Process(target=_serve, args=(child, blob, memory), daemon=True,
                                       name="uvp-excel-lezer")
        self.process.start()
        child.close()
        self.task: int | None = None
        self.deadline = 0.0
        self.ready = False


class _Pool:
    """A few reading processes; a worker that dies or overruns is replaced on the next file."""

    def __init__(self, programme: Programme | None, limits: ReadLimits, size: int):
        self.limits = limits
        self.size = size
        self.blob = pickle.dumps(programme, protocol=pickle.HIGHEST_PROTOCOL)
        self.context = multiprocessing.get_context(limits.method())
        if limits.method() == "forkserver":
            self.context.set_forkserver_preload(PRELOAD)
        self.workers: list[_Worker] = []

    def has_room(self) -> bool:
        """True when a file can be handed out now."""
        return any(worker.task is None for worker in self.workers) or \
            len(self.workers) < self.size

    def submit(self, index: int, source: str | bytes, name: str) -> None:
        """Send one file to an idle worker, starting one when needed."""
        worker = next((worker for worker in self.workers if worker.task is None), None)
        if worker is None:
            worker = self._start()
        # A worker that died before it could take the file is reported by collect().
        with contextlib.suppress(OSError, ValueError):
            worker.connection.send((index, source, name))
        worker.task = index
        worker.deadline = time.monotonic() + self.limits.seconds + \
            (0.0 if worker.ready else STARTING)

    def _start(self) -> _Worker:
        try:
            worker = _Worker(self.context, self.blob, self.limits.memory_bytes)
        except (OSError, ValueError) as error:
            raise UvpError(f"kan geen proces starten om bestanden in te lezen ({error})") \
                from None
        self.workers.append(worker)
        return worker

    def collect(self) -> list[tuple[int, ReturnFile | str]]:
        """Wait until at least one file is done (read, failed, or out of time)."""
        busy = [worker for worker in self.workers if worker.task is not None]
        timeout = max(0.0, min(worker.deadline for worker in busy) - time.monotonic())
        ready = set(wait([worker.connection for worker in busy] +
                         [worker.process.sentinel for worker in busy], timeout))
        finished: list[tuple[int, ReturnFile | str]] = []
        for worker in busy:
            task = worker.task
            if task is None:
                continue
            if worker.connection in ready or worker.process.sentinel in ready:
                outcome = self._receive(worker)
                if outcome is None:
                    continue  # it only said it is ready
            elif time.monotonic() >= worker.deadline:
                outcome = (f"het lezen duurde langer dan {_seconds(self.limits.seconds)} en "
                           "is gestopt; niet gelezen")
                self._retire(worker)
            else:
                continue
            finished.append((task, outcome))
        return finished

    def _receive(self, worker: _Worker) -> ReturnFile | str | None:
        """The outcome of the worker's file; None while it is still reading."""
        with contextlib.suppress(EOFError, OSError):
            while worker.connection.poll():
                message = worker.connection.recv()
                if message == READY:
                    worker.ready = True
                    worker.deadline = time.monotonic() + self.limits.seconds
                    continue
                worker.task = None
                return message[1]
        if worker.process.is_alive() and worker.process.sentinel not in \
                wait([worker.process.sentinel], 0):
            return None
        worker.process.join(STOP_GRACE)
        code, started = worker.process.exitcode, worker.ready
        self._retire(worker)
        return self._death(code, started)

    def _death(self, code: int | None, started: bool) -> str:
        if not started:
            return ("het leesproces kon niet starten (een script dat uvp-excel gebruikt, begint "
                    "zijn werk onder if __name__ == '__main__':); niet gelezen")
        if code == -signal.SIGKILL:
            return "het lezen is door het systeem gestopt (te veel geheugen?); niet gelezen"
        return (f"het lezen brak af (meer dan {self.limits.memory_mb} MB geheugen nodig, of een "
                "fout in de lezer); niet gelezen")

    def _retire(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(STOP_GRACE)
        worker.connection.close()
        self.workers.remove(worker)

    def close(self) -> None:
        """Stop every worker: idle ones are asked and given a moment, busy ones (an early stop)
        are killed."""
        for worker in self.workers:
            if worker.task is None:
                with contextlib.suppress(OSError, ValueError):
                    worker.connection.send(None)
            else:
                worker.process.kill()
        for worker in list(self.workers):
            worker.process.join(STOP_GRACE)
            self._retire(worker)


# --- inside a worker process ---------------------------------------------------------------------


def _serve(connection: Connection, blob: bytes, memory: int) -> None:
    """A worker's life: read the files it is sent until it is told to stop."""
    # What a forked worker inherited is never garbage: keep the collector from walking (and so
    # copying) the parent's whole heap.
    gc.freeze()
    _quiet()
    _limit_memory(memory)
    programme = pickle.loads(blob)  # noqa: S301 - our own programme, pickled by the parent
    normaliser = Normaliser(contract.quarter_list(programme), contract.statuses(programme)) \
        if programme else None
    connection.send(READY)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if task is None:
            return
        index, source, name = task
        outcome = _read(source, name, programme, normaliser, memory)
        try:
            connection.send((index, outcome))
        except MemoryError:
            connection.send((index, _memory_failure(memory)))


def _read(source: str | bytes, name: str, programme: Programme | None,
          normaliser: Normaliser | None, memory: int) -> ReturnFile | str:
    try:
        readable = Path(source) if isinstance(source, str) else io.BytesIO(source)
        return read_return(readable, name, programme, normaliser)
    except MemoryError:
        return _memory_failure(memory)
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # noqa: BLE001 - a native panic arrives as a BaseException
        return f"het lezen liep vast ({error.__class__.__name__}); niet gelezen"


def _memory_failure(memory: int) -> str:
    return f"het lezen vroeg meer dan {memory // (1024 * 1024)} MB geheugen; niet gelezen"


def _quiet() -> None:
    """Send the worker's stderr nowhere: a native abort must not print on the user's screen."""
    faulthandler.disable()  # it writes to a copy of stderr of its own
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)


def _limit_memory(memory: int) -> None:
    """Let reading use at most ``memory`` bytes of address space beyond what the worker has at
    start (which differs per start method and per program), and leave no core file behind."""
    try:
        import resource  # noqa: PLC0415 - POSIX only; Windows has no such limit
    except ImportError:
        return
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = _address_space() + memory
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _address_space() -> int:
    """The address space the process uses now (Linux); 0 where it cannot be read."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return 0
