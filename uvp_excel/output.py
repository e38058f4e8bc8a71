"""Write output files atomically and never overwrite without ``--force``.

A crash or a full disk must never leave half a workbook where a good one was: everything is written
to a temporary file in the target folder and moved into place in one step.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from uvp_excel.errors import FileError, OutputExistsError


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
def atomic_output(path: Path | str, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success move it into place.

    Raises:
        OutputExistsError, FileError: see :func:`check_writable`; FileError also when writing
        or moving fails.
    """
    target = Path(path)
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
