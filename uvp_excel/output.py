"""Write output files atomically and never overwrite without ``--force``.

A crash or a full disk must never leave half a workbook where a good one was: everything is written
to a temporary file in the target folder and moved into place in one step.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from uvp_excel.errors import FileError, OutputExistsError, ParameterError


def check_writable(path: Path, force: bool) -> None:
    """Refuse an existing ``path`` unless ``force``; refuse a missing parent folder.

    Raises:
        OutputExistsError: the file exists and ``force`` is false.
        FileError: the folder does not exist or ``path`` is a folder.
    """
    if path.is_dir():
        raise FileError(f"{path}: is een map, geen bestand")
    if path.exists() and not force:
        raise OutputExistsError(
            f"{path} bestaat al; gebruik --force om het te overschrijven (er is niets veranderd)")
    if not path.parent.is_dir():
        raise FileError(f"{path.parent}: map bestaat niet")


T = TypeVar("T")
FORMULA_STARTERS = ("=", "+", "-", "@", "\t", "\r")
OS_REASONS = {errno.EACCES: "geen toestemming", errno.EPERM: "geen toestemming",
              errno.ENOSPC: "de schijf is vol", errno.EROFS: "alleen-lezen schijf",
              errno.ENOENT: "map bestaat niet"}


def os_reason(error: OSError) -> str:
    """A Dutch reason for a file system error."""
    return OS_REASONS.get(error.errno, error.strerror or str(error))


def csv_cell(text: str) -> str:
    """Return ``text`` safe for a CSV cell: Excel would run ``=…``, ``+…``, ``-…``, ``@…``."""
    return f"'{text}" if text.startswith(FORMULA_STARTERS) else text


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_output(path: Path | str, force: bool = False,
                  inputs: Sequence[object] = ()) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success move it into place.

    Args:
        path: the file to write.
        force: overwrite an existing file.
        inputs: the files and folders the output is made from; it may be none of them (a
            ``--force`` must never replace last quarter's stand with its own successor).

    Raises:
        ParameterError: ``path`` is one of ``inputs`` (whatever the spelling or link).
        OutputExistsError, FileError: see :func:`check_writable`; FileError also when writing
        or moving fails.
    """
    target = Path(path)
    refuse_input_as_output(target, list(inputs))
    check_writable(target, force)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix,
                                             dir=target.parent)
    except OSError as error:
        raise FileError(f"{target}: kan niet schrijven in {target.parent} "
                        f"({os_reason(error)})") from None
    os.close(handle)
    temporary_path = Path(temporary)
    try:
        yield temporary_path
        # mkstemp creates the file private (0600); give it the permissions of a normal new file.
        os.chmod(temporary_path, 0o666 & ~_current_umask())
        os.replace(temporary_path, target)
    except OSError as error:
        raise FileError(f"{target}: kan niet schrijven ({os_reason(error)})") from None
    finally:
        temporary_path.unlink(missing_ok=True)


def refuse_input_as_output(output: Path, inputs: list) -> None:
    """Never write over an input: ``output`` may not be any file named or found in ``inputs``.

    Raises:
        ParameterError: the output is one of the inputs (whatever the spelling or link).
    """
    from uvp_excel.merging.collect import collect  # noqa: PLC0415

    paths = [Path(item) for item in inputs if isinstance(item, (str, os.PathLike))]
    if paths and output.resolve() in {candidate.path.resolve() for candidate in collect(paths)}:
        raise ParameterError("output", f"{output} is ook een invoerbestand; een invoerbestand "
                             "wordt nooit overschreven, kies een andere naam")


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
        return writer(target)
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
        raise ParameterError("format", f"onbekend bestandsformaat '.{suffix}'; kies uit: "
                             f"{', '.join(known)}")
    return suffix
