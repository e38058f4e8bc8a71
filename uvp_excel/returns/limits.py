"""How much one foreign file may cost: the bounds of reading, in one place.

Two kinds of bound. The *static* ones are checked before anything is laid out in memory (file
size, tabs, cells and text per tab, findings per file); they give a precise Dutch reason. The
*run-time* ones hold whatever a parser does: every foreign file is read in a worker process with an
address-space limit and a time limit (:mod:`uvp_excel.returns.isolation`), so an abort, a hang or an
out-of-memory costs that one file.

The run-time limits have defaults fit for the largest workbook we accept (50 MB) and can be set
per call (:class:`ReadLimits`) or for a whole run through the environment:

- ``UVP_EXCEL_LEESGEHEUGEN_MB``: memory (address space) reading one file may take, in MB;
- ``UVP_EXCEL_LEESTIJD_S``: seconds one file may take;
- ``UVP_EXCEL_LEESPROCESSEN``: how many files are read at the same time.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass

from uvp_excel.errors import CommandUsageError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_SHEETS = 1_000
# The reader lays a tab out as a full grid from A1 to its last cell: one stray value in
# XFD1048576 would ask for 17 billion cells. Tabs beyond this are not read.
MAX_SHEET_CELLS = 5_000_000
# Text a tab would materialise (one long shared string referenced by many cells counts each
# time): bounds memory where the file's own size does not.
MAX_SHEET_TEXT = 50_000_000
MAX_SHARED_TEXT = 100_000_000
MAX_SHARED_STRINGS = 5_000_000
MAX_FINDINGS_PER_FILE = 500
MAX_CELL_TEXT = 32_767  # what one Excel cell holds; longer text cannot be written to the stand

# Measured (bench/README.md): reading our largest accepted workbook peaks well below this.
DEFAULT_MEMORY_MB = 2_048
DEFAULT_SECONDS = 120.0
ENV_MEMORY = "UVP_EXCEL_LEESGEHEUGEN_MB"
ENV_SECONDS = "UVP_EXCEL_LEESTIJD_S"
ENV_WORKERS = "UVP_EXCEL_LEESPROCESSEN"
START_METHODS = ("fork", "forkserver", "spawn")


@dataclass(frozen=True)
class ReadLimits:
    """The run-time bounds of reading foreign files.

    Attributes:
        memory_mb: address space reading one file may take beyond what its process has at
            start (RLIMIT_AS), in MB; not enforced where the platform has no such limit
            (Windows; macOS does not enforce it either).
        seconds: wall time one file may take before its process is stopped.
        workers: files read at the same time (processes).
        start_method: how reading processes are started (``fork``, ``forkserver``, ``spawn``);
            None picks the fastest safe one for the platform.
    """

    memory_mb: int = DEFAULT_MEMORY_MB
    seconds: float = DEFAULT_SECONDS
    workers: int = 0  # 0: one per core, at most two
    start_method: str | None = None

    @classmethod
    def from_environment(cls) -> ReadLimits:
        """The defaults, changed by the ``UVP_EXCEL_LEES…`` variables (change one more with
        :func:`dataclasses.replace`).

        Raises:
            CommandUsageError: a variable holds no positive number.
        """
        return cls(memory_mb=int(_number(ENV_MEMORY, DEFAULT_MEMORY_MB)),
                   seconds=_number(ENV_SECONDS, DEFAULT_SECONDS),
                   workers=int(_number(ENV_WORKERS, 0, allow_zero=True)))

    @property
    def memory_bytes(self) -> int:
        """The address-space limit in bytes."""
        return self.memory_mb * 1024 * 1024

    def pool_size(self, files: int) -> int:
        """How many processes to start for ``files`` files."""
        wanted = self.workers or min(2, os.cpu_count() or 1)
        return max(1, min(wanted, files))

    def method(self) -> str:
        """The start method: as asked; else on Linux ``fork`` (fastest) while the program runs
        one thread and ``forkserver`` once it runs more (forking a threaded program is unsafe);
        elsewhere ``spawn``, the only safe one on macOS and Windows."""
        if self.start_method:
            if self.start_method not in START_METHODS:
                raise CommandUsageError(f"onbekende startmethode '{self.start_method}'; kies uit "
                                        f"{', '.join(START_METHODS)}")
            return self.start_method
        if sys.platform.startswith("linux"):
            return "fork" if threading.active_count() == 1 else "forkserver"
        return "spawn"


def _number(variable: str, default: float, allow_zero: bool = False) -> float:
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = -1
    if value < 0 or (value == 0 and not allow_zero):
        raise CommandUsageError(f"{variable}='{text}' is geen geldig positief getal")
    return value
