"""A corpus of hostile and broken files, generated (not stored as blobs nobody can explain).

Each entry: file name, how to make its bytes, and the Dutch reason the reader must give.
Run ``python -m tests.helpers.corpus DIR`` to write the corpus to a folder and try it by hand.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import openpyxl

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip(parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def empty() -> bytes:
    return b""


def text_file() -> bytes:
    return b"Dit is geen werkmap maar een notitie.\n"


def old_xls() -> bytes:
    return OLE_MAGIC + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00" * 1024


def encrypted() -> bytes:
    return OLE_MAGIC + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1024


def word_document() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def truncated(workbook: bytes) -> bytes:
    return workbook[: len(workbook) // 2]


def zip_bomb() -> bytes:
    """One part of 200 MB of zeros: a few hundred kB on disk."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(200):
                part.write(chunk)
    return buffer.getvalue()


def foreign_workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "Begroting van de voetbalclub"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def entity_expansion(workbook: bytes) -> bytes:
    """Our own workbook with a 'billion laughs' DTD in its sheet list."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
    parts = {}
    for name in source.namelist():
        data = source.read(name)
        if name == "xl/workbook.xml":
            data = bomb + data.split(b"?>", 1)[1]
        parts[name] = data
    return _zip(parts)


def far_away_cell(workbook: bytes) -> bytes:
    """Our own workbook with one stray value in the very last cell of a sheet (XFD1048576)."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    parts = {}
    for name in source.namelist():
        data = source.read(name)
        if name == "xl/worksheets/sheet3.xml":
            data = data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" '
                                b't="inlineStr"><is><t>x</t></is></c></row></sheetData>')
        parts[name] = data
    return _zip(parts)


def corpus(workbook: bytes) -> list[tuple[str, bytes, str]]:
    """Return (file name, bytes, expected Dutch reason) for every hostile or broken file."""
    return [
        ("leeg.xlsx", empty(), "het bestand is leeg"),
        ("notitie.xlsx", text_file(), "geen Excel-werkmap (het bestand is geen xlsx)"),
        ("oud.xlsx", old_xls(), "dit is een oud Excel-bestand (.xls); sla het op als "
                                "Excel-werkmap (.xlsx) en stuur het opnieuw"),
        ("geheim.xlsx", encrypted(), "de werkmap is met een wachtwoord versleuteld; sla hem op "
                                     "zonder wachtwoord en stuur hem opnieuw"),
        ("brief.xlsx", word_document(), "dit is een Word-document, geen Excel-werkmap"),
        ("afgebroken.xlsx", truncated(workbook), "het bestand is beschadigd of onvolledig "
                                                 "(afgebroken download of bijlage?)"),
        ("bom.xlsx", zip_bomb(), "onderdeel xl/worksheets/sheet1.xml is verdacht sterk "
                                 "gecomprimeerd (zip-bom?); niet gelezen"),
        ("voetbal.xlsx", foreign_workbook(), "geen werkmap van uvp-excel: het verborgen "
                                             "tabblad met de programmagegevens ontbreekt"),
        ("entiteiten.xlsx", entity_expansion(workbook), "xl/workbook.xml bevat onveilige XML "
                                                        "(een DTD of entiteiten); niet gelezen"),
        ("ver-weg.xlsx", far_away_cell(workbook), "het tabblad loopt tot rij 1048576 en kolom "
                                                  "16384; zo'n groot blad wordt niet gelezen "
                                                  "(staat er ergens ver weg een losse waarde?)"),
    ]


if __name__ == "__main__":
    from tests.helpers.returns import handed_out
    from uvp_excel.resources import default_source_dir
    from uvp_excel.source.loader import load_programme

    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    for name, data, _ in corpus(handed_out(load_programme(default_source_dir()))):
        (folder / name).write_bytes(data)


def big_tab(workbook: bytes, rows: int, formula: bool = False) -> bytes:
    """Our own workbook with an extra tab 'Kladblad' of ``rows`` × 10 numbers (a large paste).

    With ``formula``, one cell holds a formula, so the reader walks every cell of the tab.
    """
    cells = "".join(f'<c r="{letter}{{row}}"><v>{{row}}</v></c>' for letter in "ABCDEFGHIJ")
    template = f'<row r="{{row}}">{cells}</row>'
    body = "".join(template.format(row=row) for row in range(1, rows + 1))
    if formula:
        body = body.replace('<c r="A1"><v>1</v></c>', '<c r="A1"><f>1+0</f><v>1</v></c>', 1)
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
             f'openxmlformats.org/spreadsheetml/2006/main"><sheetData>{body}</sheetData>'
             '</worksheet>').encode()
    return with_extra_tab(workbook, "Kladblad", sheet)


def with_extra_tab(workbook: bytes, name: str, sheet: bytes, part: str = "kladblad.xml") -> bytes:
    """Our own workbook with one more tab ``name`` whose XML is ``sheet``."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    parts = {}
    for entry in source.namelist():
        data = source.read(entry)
        if entry == "xl/workbook.xml":
            data = data.replace(b"</sheets>", f'<sheet name="{name}" sheetId="99" '
                                f'r:id="rId99"/></sheets>'.encode())
        elif entry == "xl/_rels/workbook.xml.rels":
            data = data.replace(b"</Relationships>", (
                '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
                f'2006/relationships/worksheet" Target="worksheets/{part}"/>'
                '</Relationships>').encode())
        parts[entry] = data
    parts[f"xl/worksheets/{part}"] = sheet
    return _zip(parts)
