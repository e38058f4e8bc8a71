"""Guards for workbooks that arrive by mail: refuse what is not a sane xlsx before parsing it.

A path is read only when it is a regular file (a named pipe, a device such as ``/dev/zero`` behind a
link, a link loop or a dangling link is refused with its reason, never opened or read forever), and
never more than the size limit + 1 bytes, so a file that grows while it is read is refused too.

Checks run on the zip's central directory only (cheap, little memory): file size, entry count,
declared uncompressed size, compression ratio (a zip bomb is refused in milliseconds), encrypted
entries, entries whose names collide; and the file's first bytes tell an encrypted workbook or an
old ``.xls`` (both OLE containers), an empty or truncated file, or another kind of document renamed
``.xlsx``.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import zipfile
from pathlib import Path
from typing import BinaryIO

from uvp_excel.errors import UvpError
from uvp_excel.returns.limits import MAX_FILE_BYTES

MAX_ENTRIES = 5_000
MAX_UNCOMPRESSED = 500 * 1024 * 1024
MAX_RATIO = 200
RATIO_MINIMUM_SIZE = 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_MARKER = "EncryptedPackage".encode("utf-16-le")
SAVE_AS_XLSX = "sla het op als Excel-werkmap (.xlsx) en stuur het opnieuw"
OTHER_OFFICE_PARTS = {"word/document.xml": "dit is een Word-document, geen Excel-werkmap",
                      "ppt/presentation.xml": "dit is een PowerPoint-presentatie, geen "
                                              "Excel-werkmap",
                      "xl/workbook.bin": "dit is een binaire Excel-werkmap (.xlsb); "
                                         + SAVE_AS_XLSX,
                      "Index/Document.iwa": f"dit is een Numbers-bestand; {SAVE_AS_XLSX}"}
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
FILE_KINDS = {stat.S_IFIFO: "een named pipe (FIFO)", stat.S_IFCHR: "een apparaat",
              stat.S_IFBLK: "een apparaat", stat.S_IFSOCK: "een socket", stat.S_IFDIR: "een map"}
OPEN_PROBLEMS = {errno.ELOOP: "een snelkoppeling die (via andere) naar zichzelf verwijst",
                 errno.ENOENT: "bestaat niet (meer), of is een snelkoppeling naar een bestand dat "
                               "niet bestaat",
                 errno.ENAMETOOLONG: "het pad is langer dan het bestandssysteem toestaat",
                 errno.EACCES: "geen toestemming om het te lezen",
                 errno.EPERM: "geen toestemming om het te lezen"}


class UnreadableWorkbookError(UvpError):
    """The file cannot be read as a workbook; the message says why, in Dutch.

    ``tab`` and ``cell`` say where, when the problem has a place in the workbook.
    """

    def __init__(self, reason: str, tab: str = "", cell: str = ""):
        super().__init__(reason)
        self.tab = tab
        self.cell = cell


def file_problem(path: Path) -> str:
    """Why ``path`` cannot be read as a file ('' when it is a regular file), without opening it."""
    try:
        info = os.stat(path)
    except OSError as error:
        return os_problem(error)
    return _not_regular(info.st_mode)


def os_problem(error: OSError) -> str:
    """A Dutch reason for an error met while opening or reading a file."""
    reason = OPEN_PROBLEMS.get(error.errno or 0)
    return f"{reason}; niet gelezen" if reason else \
        f"kan het bestand niet lezen ({error.strerror or error.__class__.__name__})"


def _not_regular(mode: int) -> str:
    if stat.S_ISREG(mode):
        return ""
    kind = FILE_KINDS.get(stat.S_IFMT(mode), "geen gewoon bestand")
    return f"{kind}, geen gewoon bestand; niet gelezen"


def read_bounded(source: Path | BinaryIO, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read a regular file (or a file object) of at most ``limit`` bytes.

    Raises:
        UnreadableWorkbookError: too large, not a regular file, or not readable.
    """
    if isinstance(source, (str, os.PathLike)):
        return _read_path(Path(source), limit)
    try:
        data = source.read(limit + 1)
    except (OSError, ValueError) as error:
        raise UnreadableWorkbookError(f"kan het bestand niet lezen ({error})") from None
    if not isinstance(data, bytes):
        raise UnreadableWorkbookError("het bestand is niet binair geopend; niet gelezen")
    if len(data) > limit:
        raise UnreadableWorkbookError(_too_large(len(data), limit))
    return data


def _read_path(path: Path, limit: int) -> bytes:
    # O_NONBLOCK: should the path be swapped for a named pipe after the check, opening it must
    # not wait for a writer; fstat below then refuses it.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | \
        getattr(os, "O_BINARY", 0)
    problem = file_problem(path)
    if problem:
        raise UnreadableWorkbookError(problem)
    try:
        handle = os.open(path, flags)
    except OSError as error:
        raise UnreadableWorkbookError(os_problem(error)) from None
    try:
        info = os.fstat(handle)
        problem = _not_regular(info.st_mode)
        if problem:
            raise UnreadableWorkbookError(problem)
        if info.st_size > limit:
            raise UnreadableWorkbookError(_too_large(info.st_size, limit))
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(handle, min(1024 * 1024, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise UnreadableWorkbookError(os_problem(error)) from None
    finally:
        os.close(handle)
    if size > limit:  # it grew while it was read
        raise UnreadableWorkbookError(_too_large(size, limit))
    return b"".join(chunks)


def _too_large(size: int, limit: int = MAX_FILE_BYTES) -> str:
    return (f"bestand is te groot ({size // (1024 * 1024)} MB; een werkmap is hoogstens "
            f"{limit // (1024 * 1024)} MB)")


def open_archive(data: bytes) -> zipfile.ZipFile:
    """Return the checked zip archive of an xlsx file.

    Raises:
        UnreadableWorkbookError: with a Dutch reason for anything that is not a sane xlsx.
    """
    if not data:
        raise UnreadableWorkbookError("het bestand is leeg")
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_MARKER in data:
            raise UnreadableWorkbookError("de werkmap is met een wachtwoord versleuteld; sla hem "
                                          "op zonder wachtwoord en stuur hem opnieuw")
        raise UnreadableWorkbookError(f"dit is een oud Excel-bestand (.xls); {SAVE_AS_XLSX}")
    if not data.startswith(ZIP_MAGIC):
        raise UnreadableWorkbookError("geen Excel-werkmap (het bestand is geen xlsx)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise UnreadableWorkbookError("het bestand is beschadigd of onvolledig (afgebroken "
                                 "download of bijlage?)") from None
    _check_entries(entries)
    names = {entry.filename for entry in entries}
    for part, description in OTHER_OFFICE_PARTS.items():
        if part in names:
            raise UnreadableWorkbookError(description)
    if "mimetype" in names and (read_part(archive, "mimetype", 1024) or b"").startswith(
            ODS_MIMETYPE):
        raise UnreadableWorkbookError(f"dit is een OpenDocument-rekenblad (.ods); {SAVE_AS_XLSX}")
    if "xl/workbook.xml" not in names:
        raise UnreadableWorkbookError("geen Excel-werkmap (xl/workbook.xml ontbreekt)")
    return archive


def _check_entries(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_ENTRIES:
        raise UnreadableWorkbookError(f"het archief heeft {len(entries)} onderdelen; dat is geen "
                                 "gewone werkmap en wordt niet gelezen")
    # Readers look parts up differently (exact, or ignoring case and slashes): two entries that
    # one reader may confuse could show each reader a different workbook.
    keys = [part_key(entry.filename) for entry in entries]
    if len(set(keys)) < len(keys):
        raise UnreadableWorkbookError("het archief bevat onderdelen met dezelfde naam; dat is "
                                      "geen gewone werkmap en wordt niet gelezen")
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED:
        raise UnreadableWorkbookError("uitgepakt zou het bestand "
                                 f"{total // (1024 * 1024)} MB worden (zip-bom?); niet gelezen")
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise UnreadableWorkbookError("de werkmap bevat versleutelde onderdelen; niet gelezen")
        if entry.file_size > RATIO_MINIMUM_SIZE and \
                entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise UnreadableWorkbookError(f"onderdeel {entry.filename} is verdacht sterk "
                                          "gecomprimeerd (zip-bom?); niet gelezen")


def part_key(name: str) -> str:
    """How python-calamine finds a part: case and the kind of slash do not matter."""
    return name.replace("\\", "/").lower()


def read_part(archive: zipfile.ZipFile, name: str, limit: int = MAX_UNCOMPRESSED) -> bytes | None:
    """Read one part of the archive, at most ``limit`` bytes; None when it does not exist."""
    try:
        with archive.open(name) as handle:
            data = handle.read(limit + 1)
    except KeyError:
        return None
    except (zipfile.BadZipFile, OSError, EOFError):
        raise UnreadableWorkbookError(f"onderdeel {name} is beschadigd") from None
    if len(data) > limit:
        raise UnreadableWorkbookError(f"onderdeel {name} is te groot")
    return data
