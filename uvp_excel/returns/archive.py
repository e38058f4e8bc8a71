"""Guards for workbooks that arrive by mail: refuse what is not a sane xlsx before parsing it.

Checks run on the zip's central directory only (cheap, little memory): file size, entry count,
declared uncompressed size, compression ratio (a zip bomb is refused in milliseconds), encrypted
entries; and the file's first bytes tell an encrypted workbook or an old ``.xls`` (both OLE
containers), an empty or truncated file, or a Word document renamed ``.xlsx``.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import BinaryIO

from uvp_excel.errors import UvpError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 5_000
MAX_UNCOMPRESSED = 500 * 1024 * 1024
MAX_RATIO = 200
RATIO_MINIMUM_SIZE = 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_MARKER = "EncryptedPackage".encode("utf-16-le")
OTHER_OFFICE_PARTS = {"word/document.xml": "een Word-document",
                      "ppt/presentation.xml": "een PowerPoint-presentatie"}


class UnreadableWorkbookError(UvpError):
    """The file cannot be read as a workbook; the message says why, in Dutch."""


def read_bounded(source: Path | BinaryIO) -> bytes:
    """Read a file (or file object) of at most :data:`MAX_FILE_BYTES`.

    Raises:
        UnreadableWorkbookError: too large, or not readable.
    """
    try:
        if isinstance(source, Path):
            if source.stat().st_size > MAX_FILE_BYTES:
                raise UnreadableWorkbookError(_too_large(source.stat().st_size))
            with open(source, "rb") as handle:
                return handle.read()
        data = source.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise UnreadableWorkbookError(f"kan het bestand niet lezen ({error.strerror or error})") \
            from None
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableWorkbookError(_too_large(len(data)))
    return data


def _too_large(size: int) -> str:
    return (f"bestand is te groot ({size // (1024 * 1024)} MB; een werkmap is hoogstens "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB)")


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
        raise UnreadableWorkbookError("dit is een oud Excel-bestand (.xls); sla het op als Excel-"
                                 "werkmap (.xlsx) en stuur het opnieuw")
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
            raise UnreadableWorkbookError(f"dit is {description}, geen Excel-werkmap")
    if "xl/workbook.xml" not in names:
        raise UnreadableWorkbookError("geen Excel-werkmap (xl/workbook.xml ontbreekt)")
    return archive


def _check_entries(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_ENTRIES:
        raise UnreadableWorkbookError(f"het archief heeft {len(entries)} onderdelen; dat is geen "
                                 "gewone werkmap en wordt niet gelezen")
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
