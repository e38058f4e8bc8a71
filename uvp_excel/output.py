"""Write output files atomically, never over an input, and never overwrite without ``--force``.

A crash, a full disk or a stop (Ctrl+C, SIGTERM) must never leave half a workbook where a good one
was, nor a temporary file beside it: everything is written to a temporary file in the target
folder (named ``.~uvp-…``, so collect can recognise one left by a killed run) and moved into place
in one step. Without ``--force`` that step fails when the target appeared in the meantime (two runs
writing the same new file): the file is linked into place, which never replaces. An output that is
one of the run's inputs — whatever the spelling: ``./``, ``../``, a link, a hard link — is refused
here, where files are written, so every command and the library share the guard.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from uvp_excel.errors import OPTION, FileError, OutputExistsError, ParameterError


def check_writable(path: Path, force: bool) -> None:
    """Refuse an existing ``path`` unless ``force``; refuse a missing parent folder.

    Raises:
        OutputExistsError: the file exists and ``force`` is false.
        FileError: the folder does not exist or ``path`` is a folder.
    """
    if path.is_dir():
        raise FileError(f"{path}: is een map, geen bestand")
    if path.exists() and not force:
        raise OutputExistsError(f"{path} bestaat al; gebruik {OPTION} om het te overschrijven "
                                "(er is niets veranderd)")
    if not path.parent.is_dir():
        raise FileError(f"{path.parent}: map bestaat niet")


T = TypeVar("T")
TEMPORARY_PREFIX = ".~uvp-"
# Where a hard link cannot be made (FAT, some network shares), the move falls back to a replace.
NO_LINKS = {errno.EPERM, errno.EACCES, errno.EXDEV, errno.EMLINK, errno.ENOSYS,
            getattr(errno, "ENOTSUP", errno.EPERM), getattr(errno, "EOPNOTSUPP", errno.EPERM)}
FORMULA_STARTERS = ("=", "+", "-", "@", "\t", "\r")
OS_REASONS = {errno.EACCES: "geen toestemming", errno.EPERM: "geen toestemming",
              errno.ENOSPC: "de schijf is vol", errno.EROFS: "alleen-lezen schijf",
              errno.ENOENT: "map bestaat niet",
              errno.ENOTDIR: "een deel van het pad is een bestand, geen map"}


def os_reason(error: OSError) -> str:
    """A Dutch reason for a file system error."""
    return OS_REASONS.get(error.errno or 0, error.strerror or str(error))


def csv_cell(text: str) -> str:
    """Return ``text`` safe for a CSV cell: Excel would run ``=…``, ``+…``, ``-…``, ``@…``."""
    return f"'{text}" if text.startswith(FORMULA_STARTERS) else text


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_output(path: Path | str, force: bool = False,
                  inputs: Iterable[Any] = ()) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success move it into place.

    Args:
        path: the file to write.
        force: replace an existing file.
        inputs: the files and folders (or file objects) the output is made from; ``path`` may
            not be any of them.

    Raises:
        ParameterError: ``path`` is one of the inputs.
        OutputExistsError, FileError: see :func:`check_writable`; OutputExistsError also when,
        without ``force``, the file appeared while it was being written; FileError when writing
        or moving fails.
    """
    target = Path(path)
    refuse_input_as_output(target, inputs)
    check_writable(target, force)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f"{TEMPORARY_PREFIX}{target.stem}-",
                                             suffix=target.suffix, dir=target.parent)
    except OSError as error:
        raise FileError(f"{target}: kan niet schrijven in {target.parent} "
                        f"({os_reason(error)})") from None
    os.close(handle)
    temporary_path = Path(temporary)
    try:
        with _stopped_cleanly():
            yield temporary_path
            # mkstemp creates the file private (0600); give it the permissions of a new file.
            os.chmod(temporary_path, 0o666 & ~_current_umask())
            _move_into_place(temporary_path, target, force)
    except OSError as error:
        raise FileError(f"{target}: kan niet schrijven ({os_reason(error)})") from None
    finally:
        temporary_path.unlink(missing_ok=True)


def _move_into_place(temporary: Path, target: Path, force: bool) -> None:
    if force:
        os.replace(temporary, target)
        return
    try:
        os.link(temporary, target)  # fails when the target exists: never replaces
    except FileExistsError:
        raise _appeared(target) from None
    except OSError as error:
        if error.errno not in NO_LINKS:
            raise
        if target.exists():
            raise _appeared(target) from None
        os.replace(temporary, target)


def _appeared(target: Path) -> OutputExistsError:
    return OutputExistsError(f"{target} is intussen door iets anders gemaakt; er is niets "
                             f"overschreven (gebruik {OPTION} om het te vervangen)")


class Stopped(SystemExit):
    """SIGTERM arrived: leave like Ctrl+C does, through every ``finally`` (exit code 143)."""


@contextlib.contextmanager
def _stopped_cleanly() -> Iterator[None]:
    """Let SIGTERM unwind the stack (so the temporary file is removed) instead of killing.

    Only where SIGTERM still has its default action and only in the main thread; a program that
    handles SIGTERM itself keeps its own handler.
    """
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def stop_on_sigterm(signum: int, _frame: object) -> None:
    """A SIGTERM handler that unwinds like Ctrl+C: ``finally`` blocks run, exit code 143."""
    raise Stopped(128 + signum)


def refuse_input_as_output(output: Path, inputs: Iterable[Any]) -> None:
    """Never write over an input: ``output`` may not be any file named or found in ``inputs``.

    Files are compared by identity (device and inode), so ``./stand.xlsx``, ``../x/stand.xlsx``,
    a link and a hard link to an input are all refused.

    Raises:
        ParameterError: the output is one of the inputs.
    """
    try:
        info = os.stat(output)
    except OSError:
        return  # nothing there yet (or unreachable): it cannot be an input
    if (info.st_dev, info.st_ino) in input_identities(inputs):
        raise ParameterError("output", f"{output} is ook een invoerbestand; een invoerbestand "
                             "wordt nooit overschreven, kies een andere naam")


def input_identities(inputs: Iterable[Any]) -> set[tuple[int, int]]:
    """(device, inode) of every file named in ``inputs`` or found in a folder named there."""
    from uvp_excel.merging.collect import collect  # noqa: PLC0415 - collect imports this module

    identities = set()
    paths = []
    for item in inputs:
        if item is None:
            continue
        if isinstance(item, (str, os.PathLike)):
            paths.append(Path(item))
            continue
        with contextlib.suppress(AttributeError, OSError, ValueError):
            info = os.fstat(item.fileno())  # a file object opened from disk
            identities.add((info.st_dev, info.st_ino))
    for candidate in collect(paths) if paths else ():
        with contextlib.suppress(OSError):
            info = os.stat(candidate.path)
            identities.add((info.st_dev, info.st_ino))
    return identities


def programme_inputs(programme: Any) -> list[Path]:
    """The programme folder a command read, so no output replaces one of its files."""
    folder = getattr(programme, "source_dir", None)
    return [Path(folder)] if folder else []


def write_to(target: str | os.PathLike[str] | BinaryIO, force: bool, inputs: list[Any],
             writer: Callable[[Path | BinaryIO], T]) -> T:
    """Call ``writer`` on a file object directly, or on a temporary path moved into place.

    Args:
        target: a path (written atomically, never over an input) or a binary file object.
        force: overwrite an existing file.
        inputs: the paths the result was made from.
        writer: writes to what it is given and returns what it wrote.
    """
    if not isinstance(target, (str, os.PathLike)):
        return writer(file_object(target, "output", writing=True))
    with atomic_output(Path(target), force, inputs) as temporary:
        return writer(temporary)


def suffix_format(target: str | os.PathLike[str] | BinaryIO, known: tuple[str, ...],
                  default: str) -> str:
    """The format named by the suffix of ``target`` (``voortgang.md`` → ``md``).

    Raises:
        ParameterError: the suffix names no known format.
    """
    name = getattr(target, "name", None) if not isinstance(target, (str, os.PathLike)) \
        else os.fspath(target)
    suffix = Path(str(name)).suffix.lower().lstrip(".") if name else ""
    if not suffix:
        return default
    if suffix not in known:
        raise ParameterError("file_format", f"onbekend bestandsformaat '.{suffix}'; kies uit: "
                             f"{', '.join(known)}, of kies het formaat met {OPTION}")
    return suffix


def chosen_format(target: str | os.PathLike[str] | BinaryIO, file_format: str | None,
                  known: tuple[str, ...], default: str) -> str:
    """The format asked for (any case), else the one the suffix of ``target`` names.

    Raises:
        ParameterError: ``file_format`` or the suffix names no format of ``known``.
    """
    if file_format is None:
        return suffix_format(target, known, default)
    chosen = file_format.lower() if isinstance(file_format, str) else ""
    if chosen not in known:
        raise ParameterError("file_format", f"{OPTION} '{file_format}' is geen formaat; kies "
                             f"uit: {', '.join(known)}")
    return chosen


def file_object(value: object, parameter: str, *, writing: bool = False,
                in_list: bool = False) -> BinaryIO:
    """Return ``value`` when it is a binary file object open for reading (or ``writing``).

    A caller hands over a path or a file object; anything else would fail deep inside a reader
    or writer with a bare TypeError, so it is refused here with a message naming ``parameter``.

    Raises:
        ParameterError: ``value`` is no file object, is opened as text, or is closed.
    """
    verb = "bevat" if in_list else "is"
    if isinstance(value, (bytes, bytearray, memoryview)):
        raise ParameterError(parameter, f"{OPTION} {verb} bytes; geef ze als io.BytesIO(...)")
    if not hasattr(value, "write" if writing else "read"):
        shown = "None" if value is None else f"{repr(value)[:60]} ({type(value).__name__})"
        raise ParameterError(parameter, f"{OPTION} {verb} {shown}; geef een pad of een binair "
                             "geopend bestand")
    name = getattr(value, "name", None)
    named = str(name) if isinstance(name, (str, os.PathLike)) else "het bestandsobject"
    if isinstance(value, io.TextIOBase):
        mode = "wb" if writing else "rb"
        raise ParameterError(parameter, f"{OPTION}: {named} is als tekst geopend; open het "
                             f"binair (open(pad, '{mode}'))")
    if getattr(value, "closed", False):
        raise ParameterError(parameter, f"{OPTION}: {named} is al gesloten")
    return value  # type: ignore[return-value]  # it reads (or writes) like a binary file
