"""The cockpit's work folder: ordinary files the AOV can see, back up and mail.

Layout (``MAP`` is ``--map``, default the current folder)::

    MAP/
      Q3-2024/
        uitdelen/                     the handed-out workbooks and wie-krijgt-wat.csv
        retouren/                     the uploaded returns: original bytes, never changed
        vervangen/                    whatever the cockpit replaced or set aside (never deleted)
        uvp-heiloo-2024-2025-stand-Q3-2024.xlsx
        uvp-heiloo-2024-2025-voortgang-Q3-2024.html   (and .xlsx, .md, .csv, .json on demand)
        .cockpit/                     what the pages remember (validation outcomes, last merge,
                                      the stands each report was made from)
      .uvp-cockpit.lock               one lock per work folder

Everything the cockpit knows is in these files, so stopping and starting the server loses
nothing. The cockpit never overwrites or deletes a file the AOV may still want: what it replaces
goes to ``vervangen/`` first.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import sys
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO

from uvp_excel.errors import FileError
from uvp_excel.output import atomic_output, os_reason

HANDOUT, RETURNS, REPLACED, STATE = "uitdelen", "retouren", "vervangen", ".cockpit"
LOCK_NAME = ".uvp-cockpit.lock"
# In UTF-8 bytes: most file systems allow 255, and the cockpit adds a time or a temporary
# prefix to a name when it sets a file aside or writes it.
MAX_NAME_BYTES = 120
# Names Windows reserves for devices: a file called "CON.xlsx" cannot be opened there.
WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
                   *(f"lpt{n}" for n in range(1, 10))}
# What Windows and macOS put in any folder, and the file Excel keeps beside a workbook it has
# open (~$name.xlsx): none of them is a return or a handed-out workbook.
SYSTEM_FILES = {"thumbs.db", "desktop.ini"}
SLUG = re.compile(r"^Q([1-4])-(\d{4})$")


@dataclass(frozen=True, order=True)
class Quarter:
    """A reporting quarter of the programme: ``Q3 2024``, its folder ``Q3-2024``."""

    year: int
    number: int

    @property
    def label(self) -> str:
        """``Q3 2024``, as the workbooks write it."""
        return f"Q{self.number} {self.year}"

    @property
    def slug(self) -> str:
        """``Q3-2024``: the folder name and the part of the address."""
        return f"Q{self.number}-{self.year}"

    @classmethod
    def from_slug(cls, text: str) -> Quarter | None:
        """Read ``Q3-2024``; None for anything else."""
        match = SLUG.match(text)
        return cls(int(match.group(2)), int(match.group(1))) if match else None

    @classmethod
    def of(cls, day: date) -> Quarter:
        """The quarter that holds ``day``."""
        return cls(day.year, (day.month - 1) // 3 + 1)


def safe_name(name: str, default: str = "bestand.xlsx") -> str:
    """Turn an uploaded file name into a plain name that is safe in any folder.

    Only the last part of a path counts (browsers on Windows send ``C:\\…\\x.xlsx``); control
    characters and characters with a meaning in paths become ``_``; no leading dot (no hidden
    files, no ``..``); Windows device names, system files and a leading ``~`` get a ``_`` in
    front (so no upload is ever taken for one); the length is bounded in bytes.
    """
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name or ""))[-1]
    base = "".join(char if char.isprintable() else "_" for char in base)
    base = re.sub(r'[<>:"|?*\x00-\x1f]', "_", base).strip(" ")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = re.sub(r"[^0-9A-Za-z]", "", suffix)[:8]
    stem = _bounded(stem.strip(" ."), MAX_NAME_BYTES - len(suffix) - 1)
    if not stem:
        return default if suffix.lower() in ("", "xlsx") else f"bestand.{suffix}"
    if stem.split(".")[0].lower() in WINDOWS_DEVICES or stem.startswith("~") \
            or f"{stem}.{suffix}".lower() in SYSTEM_FILES:
        stem = f"_{stem}"
    return f"{stem}.{suffix}" if suffix else stem


def _bounded(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` in UTF-8, never in the middle of a letter."""
    return text.encode("utf-8")[:max_bytes].decode("utf-8", "ignore").rstrip(" .")


def is_own_file(path: Path) -> bool:
    """Is ``path`` a file the AOV or the cockpit put here (not a hidden or system file)?"""
    name = path.name
    return path.is_file() and not name.startswith((".", "~$")) \
        and name.lower() not in SYSTEM_FILES


class FolderLock:
    """One lock per work folder: two tabs, or two servers, never write at the same time.

    An operating-system lock on ``MAP/.uvp-cockpit.lock`` (released when the process dies, so
    a crash leaves no stale lock), plus a thread lock for the threads of this server.
    """

    def __init__(self, path: Path):
        self.path = path
        self._threads = threading.Lock()

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Wait for the lock and hold it for the ``with`` block."""
        with self._threads, open(self.path, "a+b") as handle:
            _lock_file(handle)
            try:
                yield
            finally:
                _unlock_file(handle)


def _lock_file(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt  # noqa: PLC0415

        handle.seek(0)
        while True:
            try:
                msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                return
            except OSError:  # LK_LOCK gives up after ten seconds: keep waiting
                continue
    else:
        import fcntl  # noqa: PLC0415

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)


def _unlock_file(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt  # noqa: PLC0415

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl  # noqa: PLC0415

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class WorkFolder:
    """The folder ``MAP`` and where each kind of file of a quarter lives in it."""

    def __init__(self, root: Path, short_name: str):
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise FileError(f"{root}: kan de werkmap niet maken ({os_reason(error)})") from None
        self.root = root.resolve()
        self.short_name = short_name
        self.lock = FolderLock(self.root / LOCK_NAME)

    def folder(self, quarter: Quarter) -> Path:
        """``MAP/Q3-2024``."""
        return self.root / quarter.slug

    def part(self, quarter: Quarter, name: str) -> Path:
        """A sub-folder of the quarter (``uitdelen``, ``retouren``, …), made when missing."""
        path = self.folder(quarter) / name
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise FileError(f"{path}: kan de map niet maken ({os_reason(error)})") from None
        return path

    def stand(self, quarter: Quarter) -> Path:
        """The stand of the quarter (it may not exist yet)."""
        return self.folder(quarter) / f"{self.short_name}-stand-{quarter.slug}.xlsx"

    def report(self, quarter: Quarter, file_format: str) -> Path:
        """The progress summary of the quarter in ``file_format``."""
        return self.folder(quarter) / f"{self.short_name}-voortgang-{quarter.slug}.{file_format}"

    def stands(self, quarters: list[Quarter], until: Quarter | None = None) -> list[Path]:
        """The stands that exist, oldest first, up to and including ``until``."""
        return [self.stand(quarter) for quarter in quarters
                if (until is None or quarter <= until) and self.stand(quarter).is_file()]

    def returns(self, quarter: Quarter) -> list[Path]:
        """The uploaded returns of the quarter, by name."""
        return self.files(quarter, RETURNS)

    def files(self, quarter: Quarter, part: str) -> list[Path]:
        """The files in a sub-folder of the quarter, by name; no hidden or system files."""
        folder = self.folder(quarter) / part
        if not folder.is_dir():
            return []
        return sorted((path for path in folder.iterdir() if is_own_file(path)),
                      key=lambda path: path.name.lower())

    def relative(self, path: Path) -> str:
        """The path inside ``MAP``, with ``/``: how the pages link to a file.

        Taken from the name, not from where a link points: a quarter folder that links to
        another disk still has its pages (a download from there is refused by :meth:`inside`).
        """
        return path.relative_to(self.root).as_posix()

    def inside(self, relative: str) -> Path | None:
        """The file ``relative`` names inside ``MAP``; None when it is not a file there.

        Symbolic links and ``..`` are resolved first, so nothing outside ``MAP`` is ever served.
        """
        if "\x00" in relative:
            return None
        path = (self.root / relative).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path

    def set_aside(self, path: Path, quarter: Quarter) -> Path:
        """Move ``path`` to the quarter's ``vervangen/`` under a name with the time."""
        target = self._aside_name(path, quarter)
        try:
            path.replace(target)
        except OSError as error:
            raise FileError(f"{path}: kan niet verplaatsen ({os_reason(error)})") from None
        return target

    def keep_copy(self, path: Path, quarter: Quarter) -> Path:
        """Copy ``path`` to the quarter's ``vervangen/`` before it is replaced."""
        target = self._aside_name(path, quarter)
        try:
            shutil.copy2(path, target)
        except OSError as error:
            raise FileError(f"{path}: kan geen kopie bewaren ({os_reason(error)})") from None
        return target

    def _aside_name(self, path: Path, quarter: Quarter) -> Path:
        folder = self.part(quarter, REPLACED)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = folder / f"{path.stem}-{stamp}{path.suffix}"
        counter = 2
        while target.exists():
            target = folder / f"{path.stem}-{stamp}-{counter}{path.suffix}"
            counter += 1
        return target

    def free_name(self, folder: Path, name: str) -> str:
        """``name``, or ``name (2)``, ``name (3)``… when a file of that name is there."""
        stem, suffix = Path(name).stem, Path(name).suffix
        candidate, counter = name, 2
        while (folder / candidate).exists():
            candidate = f"{stem} ({counter}){suffix}"
            counter += 1
        return candidate


def write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file atomically (never over an existing one)."""
    with atomic_output(path, force=False) as temporary:
        temporary.write_bytes(data)


def write_over(path: Path, data: bytes) -> None:
    """Write ``data`` atomically, replacing the file (only for what the cockpit remembers)."""
    with atomic_output(path, force=True) as temporary:
        temporary.write_bytes(data)
