"""Byte surgery on our own workbook: the hostile and broken files of the corpus, generated.

Each function returns the bytes of one kind of file: a classic broken one (empty, truncated, a
zip bomb, an old .xls …) or our own workbook as handed out with one thing changed (a stray value
far away, a text bomb, Strict namespaces, an error value, a second tab of the same name …).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from xml.sax.saxutils import escape

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
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
    return edited(workbook, WORKBOOK=lambda data: bomb + data.split(b"?>", 1)[1])


def far_away_cell(workbook: bytes) -> bytes:
    """Our own workbook with one stray value in the very last cell of a sheet (XFD1048576)."""
    return edited(workbook, P1=appended('<row r="1048576"><c r="XFD1048576" t="inlineStr"><is>'
                                        '<t>x</t></is></c></row>'))


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
    parts = parts_of(workbook)
    parts[WORKBOOK] = parts[WORKBOOK].replace(b"</sheets>", f'<sheet name="{name}" sheetId="99" '
                                              f'r:id="rId99"/></sheets>'.encode())
    parts[RELS] = parts[RELS].replace(b"</Relationships>", (
        '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/worksheet" Target="worksheets/{part}"/>'
        '</Relationships>').encode())
    parts[f"xl/worksheets/{part}"] = sheet
    return _zip(parts)


# --- our own workbook (the whole Heiloo workbook as handed out), changed ------------------------

WORKBOOK = "xl/workbook.xml"  # the list of tabs
RELS = "xl/_rels/workbook.xml.rels"  # where each tab's part is
P1 = "xl/worksheets/sheet3.xml"  # the tab 'P1 Ondermijning': activities in rows 3–8
META = "xl/worksheets/sheet24.xml"  # the hidden '_uvp_meta'
SHARED = "xl/sharedStrings.xml"
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = {MAIN: b"http://purl.oclc.org/ooxml/spreadsheetml/main",
          b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
              b"http://purl.oclc.org/ooxml/officeDocument/relationships"}


def typed_in(workbook: bytes) -> bytes:
    """The workbook as a team returns it: one status typed (P1-03, row 5: In uitvoering)."""
    return edited(workbook, P1=cell("H5", inline("H5", "In uitvoering")))


def parts_of(workbook: bytes) -> dict[str, bytes]:
    """The parts of a workbook, in archive order."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    return {name: source.read(name) for name in source.namelist()}


def edited(workbook: bytes, **edits: Callable[[bytes], bytes]) -> bytes:
    """Our workbook with parts rewritten: ``edited(book, P1=fn)`` (keys name the constants)."""
    targets = {globals()[key]: edit for key, edit in edits.items()}
    return _zip({name: targets[name](data) if name in targets else data
                 for name, data in parts_of(workbook).items()})


def appended(xml: str) -> Callable[[bytes], bytes]:
    """An edit that adds rows at the end of a tab's cells."""
    return lambda data: data.replace(b"</sheetData>", xml.encode() + b"</sheetData>")


def cell(reference: str, xml: str) -> Callable[[bytes], bytes]:
    """An edit that replaces the (empty) cell ``reference`` by ``xml``."""
    def edit(data: bytes) -> bytes:
        found = re.search(rf'<c r="{reference}"[^>]*?(/>|>.*?</c>)'.encode(), data)
        return data[:found.start()] + xml.encode() + data[found.end():]
    return edit


def inline(reference: str, text: str, extra: str = "") -> str:
    """An inline-string cell (``_x001B_`` escapes as Excel writes them)."""
    return f'<c r="{reference}"{extra} t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def stray(reference: str, row: str | None = None, quote: str = '"') -> str:
    """One stray value far away, in a row of its own."""
    row_number = row or re.sub(r"^[A-Za-z]+", "", reference)
    return (f"<row r={quote}{row_number}{quote}><c r={quote}{reference}{quote} "
            f"t={quote}inlineStr{quote}><is><t>x</t></is></c></row>")


def strict(workbook: bytes, **edits: Callable[[bytes], bytes]) -> bytes:
    """The workbook in Strict Open XML namespaces (as Excel's 'Strict Open XML-werkmap')."""
    def convert(data: bytes) -> bytes:
        for transitional, iso in STRICT.items():
            data = data.replace(transitional, iso)
        return data.replace(b"http://schemas.openxmlformats.org/officeDocument/2006/"
                            b"relationships/", b"http://purl.oclc.org/ooxml/officeDocument/"
                                               b"relationships/")
    book = edited(workbook, **edits) if edits else workbook
    return _zip({name: convert(data) for name, data in parts_of(book).items()})


def prefixed(data: bytes) -> bytes:
    """A tab written with the x: prefix on every element (some generators do)."""
    data = re.sub(rb"<(/?)(?!\?)([A-Za-z])", rb"<\1x:\2", data)
    return data.replace(b'xmlns="' + MAIN, b'xmlns:x="' + MAIN)


def shared_string(workbook: bytes, text: str) -> tuple[bytes, int]:
    """The workbook with one more shared string; returns it with the string's index."""
    data = parts_of(workbook)[SHARED]
    index = data.count(b"<si>")
    return edited(workbook, SHARED=lambda d: d.replace(
        b"</sst>", f"<si>{text}</si></sst>".encode())), index


def text_bomb(workbook: bytes, tab: str = "P1", cells: int = 200_000) -> bytes:
    """One 32,767-character shared string in ``cells`` cells (a 421 kB file in issue 10)."""
    book, index = shared_string(workbook, f"<t>{'x' * 32_767}</t>")
    rows = "".join(f'<row r="{row}">' + "".join(
        f'<c r="{letter}{row}" t="s"><v>{index}</v></c>' for letter in "ABCDEFGHIJ") + "</row>"
                   for row in range(20, 20 + cells // 10))
    if tab == "P1":
        return edited(book, P1=appended(rows))
    sheet = f"<worksheet xmlns=\"{MAIN.decode()}\"><sheetData>{rows}</sheetData></worksheet>"
    return with_extra_tab(book, "Kladblad", sheet.encode())


def rich_text_bomb(workbook: bytes) -> bytes:
    """A shared string of 300 rich-text runs (30,000 characters) in 2,000 cells."""
    runs = "".join(f"<r><rPr><b/></rPr><t>{'y' * 100}</t></r>" for _ in range(300))
    book, index = shared_string(workbook, runs)
    rows = "".join(f'<row r="{row}">' + "".join(
        f'<c r="{letter}{row}" t="s"><v>{index}</v></c>' for letter in "ABCDEFGHIJ") + "</row>"
                   for row in range(20, 220))
    return edited(book, P1=appended(rows))


def inline_bomb(workbook: bytes) -> bytes:
    """1,600 inline strings of 32,767 characters: 52 million characters in one tab."""
    block = "".join(chr(97 + (index * 7) % 26) for index in range(997))
    text = (block * 33)[:32_767]
    rows = "".join(f'<row r="{row}">{inline(f"A{row}", text)}</row>'
                   for row in range(20, 1_620))
    return edited(workbook, P1=appended(rows))


def pasted_rows(workbook: bytes, count: int, with_id: bool) -> bytes:
    """``count`` junk rows pasted under a table (190,000 rows: 3.6 MB in issue 10)."""
    first = "A" if with_id else "D"
    rows = "".join(f'<row r="{row}">{inline(f"{first}{row}", f"rommel {row}")}</row>'
                   for row in range(14, 14 + count))
    return edited(workbook, P1=appended(rows))


def duplicated_rows(workbook: bytes, count: int) -> bytes:
    """The row of P1-02 (row 4) copied ``count`` times under the table."""
    def edit(data: bytes) -> bytes:
        row = re.search(rb'<row r="4".*?</row>', data).group()
        copies = b"".join(re.sub(rb'r="([A-Z]*)4"', f'r="\\g<1>{number}"'.encode(), row)
                          for number in range(14, 14 + count))
        return data.replace(b"</sheetData>", copies + b"</sheetData>")
    return edited(workbook, P1=edit)


def extra_tabs(workbook: bytes, count: int, shared_part: bool) -> bytes:
    """``count`` more tabs, each with a part of its own or all pointing at the P1 part."""
    parts = parts_of(workbook)
    sheets, relations = [], []
    for number in range(count):
        target = "worksheets/sheet3.xml" if shared_part else f"worksheets/t{number}.xml"
        sheets.append(f'<sheet name="T{number}" sheetId="{100 + number}" r:id="rT{number}"/>')
        relations.append(f'<Relationship Id="rT{number}" Type="http://schemas.openxmlformats.'
                         f'org/officeDocument/2006/relationships/worksheet" Target="{target}"/>')
        if not shared_part:
            parts[f"xl/worksheets/t{number}.xml"] = (f"<worksheet xmlns=\"{MAIN.decode()}\">"
                                                     "<sheetData/></worksheet>").encode()
    parts[WORKBOOK] = parts[WORKBOOK].replace(
        b"</sheets>", "".join(sheets).encode() + b"</sheets>")
    parts[RELS] = parts[RELS].replace(
        b"</Relationships>", "".join(relations).encode() + b"</Relationships>")
    return _zip(parts)


def second_tab_named(workbook: bytes, name: str) -> bytes:
    """A second tab with the name of an existing one, with a stray value far away."""
    sheet = (f"<worksheet xmlns=\"{MAIN.decode()}\"><sheetData>{stray('XFD1048576')}"
             "</sheetData></worksheet>").encode()
    return with_extra_tab(workbook, name, sheet)


def foreign_tab(workbook: bytes, cells: str, name: str = "Kladblad") -> bytes:
    """A tab of the user's own with ``cells`` (rows of cell XML)."""
    sheet = f"<worksheet xmlns=\"{MAIN.decode()}\"><sheetData>{cells}</sheetData></worksheet>"
    return with_extra_tab(workbook, name, sheet.encode())


def error_cell(reference: str, value: str) -> str:
    """An error value stored in a cell, as Excel stores #N/A or #SPILL!."""
    return f'<c r="{reference}" t="e"><v>{value}</v></c>'


def other_programme(workbook: bytes) -> bytes:
    """A workbook whose hidden identity names another programme."""
    book, index = shared_string(workbook, "<t>uvp-bergen-2024-2025</t>")
    return edited(book, META=lambda data: re.sub(
        rb'(<c r="B4" t="s"><v>)\d+(</v>)', rf"\g<1>{index}\g<2>".encode(), data))


def raw_zip(entries: list[tuple[str, bytes]], declared: dict[str, int] | None = None) -> bytes:
    """A zip written by hand: entries may repeat, and a declared size may lie."""
    out, central = bytearray(), bytearray()
    for name, data in entries:
        packed = zlib.compressobj(9, zlib.DEFLATED, -15)
        compressed = packed.compress(data) + packed.flush()
        size = (declared or {}).get(name, len(data))
        header = struct.pack("<HHHHHIIIHH", 20, 0, 8, 0, 0x21, zlib.crc32(data),
                             len(compressed), size, len(name.encode()), 0)
        central += struct.pack("<IH", 0x02014B50, 20) + header + struct.pack(
            "<HHHII", 0, 0, 0, 0, len(out)) + name.encode()
        out += struct.pack("<I", 0x04034B50) + header + name.encode() + compressed
    return bytes(out + central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries),
                                             len(entries), len(central), len(out), 0))


def colliding_names(workbook: bytes) -> bytes:
    """Two entries one reader may confuse: xl/workbook.xml and XL/Workbook.xml."""
    entries = list(parts_of(workbook).items())
    return raw_zip([*entries, ("XL/Workbook.xml", b"<workbook/>")])


def repeated_entry(workbook: bytes) -> bytes:
    """The same entry twice: which one a reader takes is up to the reader."""
    entries = list(parts_of(workbook).items())
    return raw_zip([*entries, (P1, stray("XFD1048576").encode())])


def lying_size(workbook: bytes) -> bytes:
    """A part whose declared size is smaller than what it unpacks to."""
    entries = list(parts_of(workbook).items())
    return raw_zip(entries, declared={SHARED: 100})


def moved_workbook(workbook: bytes) -> bytes:
    """The workbook part somewhere else than xl/ (the package says so)."""
    parts = parts_of(workbook)
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b'Target="xl/workbook.xml"',
                                                        b'Target="y/workbook.xml"')
    parts["y/workbook.xml"] = parts["xl/workbook.xml"]
    return _zip(parts)


def ods_file() -> bytes:
    """An OpenDocument spreadsheet (LibreOffice's own format)."""
    return _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                 "content.xml": b"<office:document-content/>"}, zipfile.ZIP_STORED)


def xlsb_file() -> bytes:
    """A binary Excel workbook."""
    return _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x83\x01\x00"})


def numbers_file() -> bytes:
    """A Numbers document (Apple)."""
    return _zip({"Index/Document.iwa": b"\x00"})


def dtd_in(part: str) -> Callable[[bytes], bytes]:
    """An edit that puts a 'billion laughs' DTD in front of a part and uses it."""
    bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>')

    def edit(data: bytes) -> bytes:
        data = bomb + data.split(b"?>", 1)[1]
        if part == "sheet":
            return data.replace(b"</sheetData>", b'<row r="20"><c r="A20" t="inlineStr"><is>'
                                                 b"<t>&b;</t></is></c></row></sheetData>")
        return data.replace(b"</sst>", b"<si><t>&b;</t></si></sst>")
    return edit
