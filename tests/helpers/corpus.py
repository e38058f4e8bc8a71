"""A corpus of hostile and broken files, generated (not stored as blobs nobody can explain).

:func:`corpus` gives the classic broken files with the Dutch reason the reader must give.
:data:`CASES` is the corpus of issue 10: for every root cause and its variants one folder entry
(a file, a named pipe, a link, a strange name …), the one line ``merge`` must print about it and
the exit code; ``tests/test_corpus.py`` runs each beside a good return, and ``bench/corpus.py``
measures time and memory per case. Run ``python -m tests.helpers.corpus DIR`` to write the
corpus to a folder and try it by hand.
"""

from __future__ import annotations

import os
import re
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.surgery import (
    appended,
    cell,
    colliding_names,
    dtd_in,
    duplicated_rows,
    edited,
    empty,
    encrypted,
    entity_expansion,
    error_cell,
    extra_tabs,
    far_away_cell,
    foreign_tab,
    foreign_workbook,
    inline,
    inline_bomb,
    lying_size,
    moved_workbook,
    numbers_file,
    ods_file,
    old_xls,
    other_programme,
    pasted_rows,
    prefixed,
    repeated_entry,
    rich_text_bomb,
    second_tab_named,
    stray,
    strict,
    text_bomb,
    text_file,
    truncated,
    word_document,
    xlsb_file,
    zip_bomb,
)
from uvp_excel.display import visible


def corpus(workbook: bytes) -> list[tuple[str, bytes, str]]:
    """Return (file name, bytes, expected Dutch reason) for every hostile or broken file.

    A reason with a place in the workbook starts with it: ``P1 Ondermijning › XFD1048576: …``;
    :func:`located` turns an entry into the line after the file name.
    """
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
        ("ver-weg.xlsx", far_away_cell(workbook), "P1 Ondermijning › XFD1048576: het tabblad "
                                                  "loopt tot rij 1048576 en kolom 16384; zo'n "
                                                  "groot blad wordt niet gelezen (staat er "
                                                  "ergens ver weg een losse waarde?)"),
    ]


def located(name: str, reason: str) -> str:
    """The finding's line for a corpus entry: ``name: reason`` or ``name › tab › cell: …``."""
    return f"{name} › {reason}" if " › " in reason.split(": ", 1)[0] else f"{name}: {reason}"



# --- folder entries -----------------------------------------------------------------------------


def content(build: Callable[[bytes], bytes]) -> Callable[[Path, bytes], None]:
    """Make the entry a file holding ``build(workbook)``."""
    return lambda path, workbook: path.write_bytes(build(workbook))


def fifo(path: Path, _: bytes) -> None:
    os.mkfifo(path)


def link_to(target: str) -> Callable[[Path, bytes], None]:
    """Make the entry a link to ``target`` (relative to the entry's folder)."""
    return lambda path, _: path.symlink_to(target)


def link_loop(path: Path, _: bytes) -> None:
    """Two links pointing at each other (the second outside the folder)."""
    other = path.parent.parent / "lus-b"
    other.symlink_to(path)
    path.symlink_to(other)


def socket_file(path: Path, _: bytes) -> None:
    here = Path.cwd()
    os.chdir(path.parent)  # a socket path may be at most 108 bytes: bind relatively
    try:
        listener = socket.socket(socket.AF_UNIX)
        listener.bind(path.name)
        listener.close()
    finally:
        os.chdir(here)


def deep_path(path: Path, workbook: bytes) -> None:
    """A workbook at the end of a path longer than the file system allows (after unzipping)."""
    here = Path.cwd()
    os.chdir(path.parent)
    try:
        for _ in range(22):  # 22 × 200 characters: beyond PATH_MAX (4096)
            os.mkdir("m" * 200)
            os.chdir("m" * 200)
        Path(path.name).write_bytes(workbook)
    finally:
        os.chdir(here)


def first_too_long(path: Path) -> Path:
    """The first folder on the way to the deep workbook whose full name is refused."""
    folder = path.parent
    while len(str(folder)) < 4096:
        folder /= "m" * 200
    return folder


def numbers_package(path: Path, _: bytes) -> None:
    """A Numbers document as macOS keeps it: a folder."""
    (path / "Index").mkdir(parents=True)
    (path / "Index" / "Document.iwa").write_bytes(b"\x00")


# --- the corpus of issue 10 ----------------------------------------------------------------------

KIES = "(kies uit: Niet gestart, In uitvoering, Vertraagd, Afgerond, Vervallen)"
FAR = ("het tabblad loopt tot rij {rows} en kolom {columns}; zo'n groot blad wordt niet gelezen "
       "(staat er ergens ver weg een losse waarde?)")
TOO_MUCH_TEXT = ("het tabblad bevat meer dan 50.000.000 tekens tekst; zoveel tekst wordt niet "
                 "gelezen (één lange tekst in heel veel cellen?)")
SAVE_AS = "sla het op als Excel-werkmap (.xlsx) en stuur het opnieuw"
ERROR_VALUE = ("fout: {file} › P1 Ondermijning › {cell}: foutwaarde {value} in {field} wordt niet "
               "overgenomen (vul een waarde in, geen formule of foutwaarde)")


def far(rows: int, columns: int) -> str:
    return FAR.format(rows=rows, columns=columns)


@dataclass(frozen=True)
class Case:
    """One hostile folder entry, and what ``merge`` must say about it.

    ``line`` is the one line of stderr that names the entry (``{file}`` stands for its name as
    shown), None when nothing is to be said; ``code`` the exit code of the merge.
    """

    name: str | bytes
    cause: int
    make: Callable[[Path, bytes], None]
    line: str | None
    code: int
    explicit: bool = False  # named on the command line instead of found in the folder
    # What the line names, when not the entry itself (e.g. the folder that cannot be searched).
    named: Callable[[Path], Path] | None = None

    @property
    def id(self) -> str:
        name = self.name.decode("utf-8", "replace") if isinstance(self.name, bytes) else \
            self.name
        return f"{self.cause}-{visible(name)}"


def _far_cases() -> list[Case]:
    far_p1 = f"fout: {{file}} › P1 Ondermijning › XFD1048576: {far(1048576, 16384)}"
    return [
        Case("ver-weg.xlsx", 1, content(lambda b: edited(b, P1=appended(stray("XFD1048576")))),
             far_p1, 1),
        Case("ver-weg-enkel.xlsx", 1, content(lambda b: edited(
            b, P1=appended(stray("XFD1048576", quote="'")))), far_p1, 1),
        Case("ver-weg-nul.xlsx", 1, content(lambda b: edited(
            b, P1=appended(stray("XFD01048576", row="1048576")))), far_p1, 1),
        Case("ver-weg-kleine-letters.xlsx", 1, content(lambda b: edited(
            b, P1=appended(stray("xfd1048576")))), far_p1, 1),
        Case("ver-weg-spaties.xlsx", 1, content(lambda b: edited(b, P1=appended(
            '<row r="1048576"><c  r = "XFD1048576"  t="inlineStr"><is><t>x</t></is></c></row>'))),
             far_p1, 1),
        Case("ver-weg-zonder-verwijzing.xlsx", 1, content(lambda b: edited(b, P1=appended(
            '<row r="1048576"><c t="inlineStr"><is><t>x</t></is></c></row>'))),
             f"fout: {{file}} › P1 Ondermijning › A1048576: {far(1048576, 12)}", 1),
        Case("ver-weg-rij.xlsx", 1, content(lambda b: edited(b, P1=appended(stray("A1048576")))),
             f"fout: {{file}} › P1 Ondermijning › A1048576: {far(1048576, 12)}", 1),
        Case("ver-weg-overloop.xlsx", 1, content(lambda b: edited(
            b, P1=appended(stray("A4294967297")))),
             f"fout: {{file}} › P1 Ondermijning › A4294967297: {far(4294967297, 12)}", 1),
        Case("ver-weg-voorvoegsel.xlsx", 1, content(lambda b: edited(b, P1=lambda d: prefixed(
            appended(stray("XFD1048576"))(d)))), far_p1, 1),
        Case("ver-weg-strict.xlsx", 1, content(lambda b: strict(
            b, P1=appended(stray("XFD1048576")))), far_p1, 1),
        Case("ver-weg-verborgen-blad.xlsx", 1, content(lambda b: edited(
            b, META=appended(stray("XFD1048576")))),
             f"fout: {{file}} › _uvp_meta › XFD1048576: {far(1048576, 16384)}", 1),
        Case("ver-weg-eigen-tabblad.xlsx", 1, content(lambda b: foreign_tab(
            b, stray("XFD1048576"))),
             f"waarschuwing: {{file}} › Kladblad › XFD1048576: extra tabblad niet gelezen: "
             f"{far(1048576, 16384)}", 0),
        Case("verre-kolom.xlsx", 1, content(lambda b: edited(b, P1=cell(
            "L4", '<c r="L4" s="22"/><c r="XFD4" t="inlineStr"><is><t>x</t></is></c>'))),
             "waarschuwing: {file} › P1 Ondermijning › XFD4: extra kolom 'XFD' met inhoud; niet "
             "overgenomen: x", 0),
        Case("dimensie-liegt.xlsx", 1, content(lambda b: edited(b, P1=lambda d: re.sub(
            rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', d))), None, 0),
        Case("dubbele-tabnaam.xlsx", 1, content(lambda b: second_tab_named(
            b, "P1 Ondermijning")),
             "fout: {file}: twee tabbladen heten 'P1 Ondermijning'; niet gelezen", 1),
        Case("gedeeld-onderdeel.xlsx", 3, content(lambda b: extra_tabs(b, 1, shared_part=True)),
             "fout: {file}: de tabbladen 'P1 Ondermijning' en 'T0' wijzen naar hetzelfde "
             "onderdeel; niet gelezen", 1),
        Case("150000-tabbladen.xlsx", 3, content(lambda b: extra_tabs(
            b, 150_000, shared_part=True)),
             "fout: {file}: de tabbladen 'P1 Ondermijning' en 'T0' wijzen naar hetzelfde "
             "onderdeel; niet gelezen", 1),
        Case("1001-tabbladen.xlsx", 3, content(lambda b: extra_tabs(b, 1_001, shared_part=False)),
             "fout: {file}: de werkmap heeft meer dan 1000 tabbladen; niet gelezen", 1),
        Case("ongeldige-verwijzing.xlsx", 1, content(lambda b: edited(b, P1=appended(
            '<row r="20"><c r="A1B2"><v>1</v></c></row>'))),
             "fout: {file} › P1 Ondermijning: het tabblad bevat een ongeldige celverwijzing "
             "'A1B2'", 1),
    ]


def _text_cases() -> list[Case]:
    long = "Lang verhaal. " * 2_858 + "Einde"  # 40,017 characters
    return [
        Case("tekstbom.xlsx", 2, content(text_bomb),
             f"fout: {{file}} › P1 Ondermijning › F172: {TOO_MUCH_TEXT}", 1),
        Case("tekstbom-eigen-tabblad.xlsx", 2, content(lambda b: text_bomb(b, tab="Kladblad")),
             f"waarschuwing: {{file}} › Kladblad › F172: extra tabblad niet gelezen: "
             f"{TOO_MUCH_TEXT}", 0),
        Case("tekstbom-opgemaakt.xlsx", 2, content(rich_text_bomb),
             f"fout: {{file}} › P1 Ondermijning › G186: {TOO_MUCH_TEXT}", 1),
        Case("tekstbom-inline.xlsx", 2, content(inline_bomb),
             f"fout: {{file}} › P1 Ondermijning › A1545: {TOO_MUCH_TEXT}", 1),
        Case("te-lange-toelichting.xlsx", 8, content(lambda b: edited(
            b, P1=cell("J4", inline("J4", long)))),
             "fout: {file} › P1 Ondermijning › J4: Toelichting is 40.017 tekens lang; een "
             "Excel-cel houdt er hoogstens 32.767, dus de tekst past niet in de stand en is niet "
             "overgenomen (kort hem in en stuur de werkmap opnieuw)", 1),
        Case("lange-toelichting.xlsx", 8, content(lambda b: edited(
            b, P1=cell("J4", inline("J4", long[:32_767])))),
             "waarschuwing: {file} › P1 Ondermijning › J4: Toelichting is 32767 tekens lang "
             "(meer dan 2000); volledig overgenomen", 0),
        Case("opgemaakte-tekst.xlsx", 2, content(lambda b: edited(b, P1=cell(
            "J4", '<c r="J4" t="inlineStr"><is><r><rPr><b/></rPr><t>Loopt </t></r><r><t>volgens '
                  "plan</t></r><rPh><t>x</t></rPh></is></c>"))), None, 0),
    ]


def _flood_cases() -> list[Case]:
    return [
        Case("190000-rijen.xlsx", 3, content(lambda b: pasted_rows(b, 190_000, with_id=True)),
             "fout: {file} › P1 Ondermijning: 190.000 rijen met een onbekend ID (geplakt?); niet "
             "overgenomen, de eerste: A14: rommel 14; A15: rommel 15; A16: rommel 16; A17: rommel "
             "17; A18: rommel 18 (en nog 189995)", 1),
        Case("60000-rijen-zonder-id.xlsx", 3, content(lambda b: pasted_rows(
            b, 60_000, with_id=False)),
             "waarschuwing: {file} › P1 Ondermijning: 60.000 rijen zonder ID toegevoegd "
             "(geplakt?); niet overgenomen, de eerste: A14: rommel 14; A15: rommel 15; A16: "
             "rommel 16; A17: rommel 17; A18: rommel 18 (en nog 59995)", 0),
        Case("1000-dubbele-rijen.xlsx", 3, content(lambda b: duplicated_rows(b, 1_000)),
             "fout: {file} › P1 Ondermijning: 1.000 rijen met een ID dat al eerder in de werkmap "
             "staat; niet overgenomen, de eerste: " + "; ".join(
                 f"A{row}: P1-02 | Informatiepositie | Er wordt geïnvesteerd in "
                 "informatieverzameling. informatiedeling en info… (133 tekens)"
                 for row in range(14, 19)) + " (en nog 995)", 1),
    ]


def _file_system_cases() -> list[Case]:
    empty_line = "fout: {file}: het bestand is leeg"
    return [
        Case("pijp.xlsx", 4, fifo, "fout: {file}: een named pipe (FIFO), geen gewoon bestand; "
                                   "niet gelezen", 1),
        Case("pijp-los.xlsx", 4, fifo, "fout: {file}: een named pipe (FIFO), geen gewoon "
                                       "bestand; niet gelezen", 1, explicit=True),
        Case("nul.xlsx", 4, link_to("/dev/zero"), "fout: {file}: een apparaat, geen gewoon "
                                                  "bestand; niet gelezen", 1),
        Case("nul-los.xlsx", 4, link_to("/dev/zero"), "fout: {file}: een apparaat, geen gewoon "
                                                      "bestand; niet gelezen", 1, explicit=True),
        Case("lus.xlsx", 4, link_loop, "fout: {file}: een snelkoppeling die (via andere) naar "
                                       "zichzelf verwijst; niet gelezen", 1),
        Case("zelf.xlsx", 4, link_to("zelf.xlsx"), "fout: {file}: een snelkoppeling die (via "
                                                   "andere) naar zichzelf verwijst; niet "
                                                   "gelezen", 1),
        Case("weg.xlsx", 4, link_to("bestaat-niet.xlsx"),
             "fout: {file}: bestaat niet (meer), of is een snelkoppeling naar een bestand dat "
             "niet bestaat; niet gelezen", 1),
        Case("socket.xlsx", 4, socket_file, "fout: {file}: een socket, geen gewoon bestand; niet "
                                            "gelezen", 1),
        Case("diep.xlsx", 4, deep_path, "fout: {file}: map niet doorzocht: het pad is langer dan "
                                        "het bestandssysteem toestaat; niet gelezen", 1,
             named=first_too_long),
        Case(b"r\xe9tour.xlsx", 4, content(lambda b: empty()), empty_line, 1),
        Case("nep\n\x1b[31mfout: x.xlsx", 9, content(lambda b: empty()), empty_line, 1),
        Case("bel\x07\r\u202e.xlsx", 9, content(lambda b: empty()), empty_line, 1),
        Case(".~uvp-stand-k3j9x2ab.xlsx", 10, content(truncated),
             "info: {file}: overgeslagen: tijdelijk bestand van een afgebroken run van "
             "uvp-excel; het mag weg", 0),
        Case("~$thv.xlsx", 4, content(lambda b: b"\x00" * 165),
             "info: {file}: overgeslagen: tijdelijk vergrendelingsbestand van Office (~$…)", 0),
        Case("._thv.xlsx", 4, content(lambda b: b"\x00\x05\x16\x07"),
             "info: {file}: overgeslagen: hulpbestand van macOS (._…)", 0),
        Case(".verborgen.xlsx", 4, content(lambda b: b), None, 0),
    ]


def _format_cases() -> list[Case]:
    def refused(kind: str) -> str:
        return f"fout: {{file}}: dit is {kind}; {SAVE_AS}"

    skipped = "info: {file}: overgeslagen: geen Excel-werkmap (.xlsx of .xlsm)"
    return [
        Case("oud.xls", 4, content(lambda b: old_xls()), refused("een oud Excel-bestand (.xls)"),
             1),
        Case("binair.xlsb", 4, content(lambda b: xlsb_file()),
             refused("een binaire Excel-werkmap (.xlsb)"), 1),
        Case("calc.ods", 4, content(lambda b: ods_file()),
             refused("een OpenDocument-rekenblad (.ods)"), 1),
        Case("mac.numbers", 4, content(lambda b: numbers_file()), refused("een Numbers-bestand"),
             1),
        Case("pakket.numbers", 4, numbers_package, refused("een Numbers-bestand"), 1),
        Case("sjabloon.xltx", 4, content(lambda b: b), refused("een Excel-sjabloon (.xltx)"), 1),
        Case("export.csv", 4, content(lambda b: b"id;status\r\n"), skipped, 0),
        Case("brief.docx", 4, content(lambda b: word_document()), skipped, 0),
        Case("bijlage.pdf", 4, content(lambda b: b"%PDF-1.4\n"), skipped, 0),
        Case("mail.msg", 4, content(lambda b: encrypted()), skipped, 0),
        Case("calc-hernoemd.xlsx", 4, content(lambda b: ods_file()),
             refused("een OpenDocument-rekenblad (.ods)"), 1),
        Case("xlsb-hernoemd.xlsx", 4, content(lambda b: xlsb_file()),
             refused("een binaire Excel-werkmap (.xlsb)"), 1),
        Case("numbers-hernoemd.xlsx", 4, content(lambda b: numbers_file()),
             refused("een Numbers-bestand"), 1),
        Case("botsende-namen.xlsx", 1, content(colliding_names),
             "fout: {file}: het archief bevat onderdelen met dezelfde naam; dat is geen gewone "
             "werkmap en wordt niet gelezen", 1),
        Case("dubbel-onderdeel.xlsx", 1, content(repeated_entry),
             "fout: {file}: het archief bevat onderdelen met dezelfde naam; dat is geen gewone "
             "werkmap en wordt niet gelezen", 1),
        Case("liegende-grootte.xlsx", 1, content(lying_size),
             "fout: {file}: onderdeel xl/sharedStrings.xml is beschadigd", 1),
        Case("verplaatste-werkmap.xlsx", 5, content(moved_workbook),
             "fout: {file}: ongebruikelijke opbouw: de werkmap staat niet in xl/ (_rels/.rels); "
             "niet gelezen", 1),
        Case("dtd-in-tabblad.xlsx", 1, content(lambda b: edited(b, P1=dtd_in("sheet"))),
             "fout: {file} › P1 Ondermijning: het tabblad is niet te lezen (ongeldige of "
             "ongebruikelijke XML)", 1),
        Case("dtd-in-gedeelde-tekst.xlsx", 1, content(lambda b: edited(b, SHARED=dtd_in("sst"))),
             "fout: {file}: xl/sharedStrings.xml bevat een DTD of entiteiten (onveilige XML)", 1),
        Case("ander-programma.xlsx", 1, content(other_programme),
             "fout: {file}: werkmap hoort bij programma 'uvp-bergen-2024-2025', verwacht "
             "'uvp-heiloo-2024-2025'; niet gelezen", 1),
    ]


def _value_cases() -> list[Case]:
    def at(reference: str, xml: str) -> Callable[[Path, bytes], None]:
        return content(lambda b: edited(b, P1=cell(reference, xml)))

    formula = ('fout: {file} › P1 Ondermijning › H4: formule in een invoercel wordt niet '
               'overgenomen: ="Afgerond"')
    status_formula = '<c r="H4" t="str"><f>"Afgerond"</f><v>Afgerond</v></c>'
    extra_errors = "".join(error_cell(f"{chr(65 + index)}1", value) for index, value in
                           enumerate(["#CALC!", "#FIELD!", "#BLOCKED!", "#BUSY!", "#CONNECT!",
                                      "#PYTHON!", "#UNKNOWN!"]))
    return [
        Case("formule.xlsx", 5, at("H4", status_formula), formula, 1),
        Case("formule-strict.xlsx", 5, content(lambda b: strict(
            b, P1=cell("H4", status_formula))), formula, 1),
        Case("formule-voorvoegsel.xlsx", 5, content(lambda b: edited(b, P1=lambda d: prefixed(
            cell("H4", status_formula)(d)))), formula, 1),
        Case("formule-gedeeld.xlsx", 5, at("H4", '<c r="H4"><f t="shared" si="0"/><v>0</v></c>'),
             "fout: {file} › P1 Ondermijning › H4: formule in een invoercel wordt niet "
             "overgenomen: =", 1),
        Case("fout-na.xlsx", 6, at("H4", error_cell("H4", "#N/A")),
             ERROR_VALUE.format(file="{file}", cell="H4", value="#N/A", field="Status"), 1),
        Case("fout-ref.xlsx", 6, at("J4", error_cell("J4", "#REF!")),
             ERROR_VALUE.format(file="{file}", cell="J4", value="#REF!", field="Toelichting"), 1),
        Case("fout-div.xlsx", 6, at("I4", error_cell("I4", "#DIV/0!")),
             ERROR_VALUE.format(file="{file}", cell="I4", value="#DIV/0!", field="Kwartaal"), 1),
        Case("fout-spill.xlsx", 6, at("H4", error_cell("H4", "#SPILL!")),
             ERROR_VALUE.format(file="{file}", cell="H4", value="#SPILL!", field="Status"), 1),
        Case("fout-getting-data.xlsx", 6, at("K4", error_cell("K4", "#GETTING_DATA")),
             ERROR_VALUE.format(file="{file}", cell="K4", value="#GETTING_DATA",
                                field="Ingevuld door"), 1),
        Case("fout-spatie.xlsx", 6, at("H4", error_cell("H4", " #SPILL!")),
             ERROR_VALUE.format(file="{file}", cell="H4", value="#SPILL!", field="Status"), 1),
        Case("fout-eigen-tabblad.xlsx", 6, content(lambda b: foreign_tab(
            b, f'<row r="1">{extra_errors}</row>')),
             "waarschuwing: {file} › Kladblad: extra tabblad met 7 gevulde cellen; niet gelezen: "
             "A1: #CALC!; B1: #FIELD!; C1: #BLOCKED!; D1: #BUSY!; E1: #CONNECT!; F1: #PYTHON!; "
             "G1: #UNKNOWN!", 0),
        Case("fout-id.xlsx", 6, content(lambda b: edited(b, P1=lambda d: re.sub(
            rb'<c r="A4"[^>]*><v>\d+</v></c>', error_cell("A4", "#REF!").encode(), d))),
             "waarschuwing: {file} › P1 Ondermijning › A4: ID is veranderd in '#REF!'; aan de "
             "beveiligde teksten herkend als P1-02", 0),
        Case("vals-status.xlsx", 9, at("H4", inline(
            "H4", "klaar_x000A__x001B_[2JGecontroleerd: 0 fouten")),
             "fout: {file} › P1 Ondermijning › H4: 'klaar\\n␛[2JGecontroleerd: 0 fouten' is geen "
             f"geldige status {KIES}", 1),
        Case("vals-cr.xlsx", 9, at("H4", inline("H4", "Afgerond_x000D_fout: nep.xlsx: goed")),
             "fout: {file} › P1 Ondermijning › H4: 'Afgerond\\rfout: nep.xlsx: goed' is geen "
             f"geldige status {KIES}", 1),
        Case("vals-bidi.xlsx", 9, at("H4", inline("H4", "Afgerond\u202e")),
             "fout: {file} › P1 Ondermijning › H4: 'Afgerond\ufffd' is geen geldige status "
             f"{KIES}", 1),
        Case("vals-tabblad.xlsx", 9, content(lambda b: foreign_tab(
            b, '<row r="2"><c r="B2" t="inlineStr"><is><t>notitie</t></is></c></row>',
            name="Kladblad&#10;fout: x")),
             "waarschuwing: {file} › Kladblad\\nfout: x: extra tabblad met 1 gevulde cel; "
             "niet gelezen: B2: notitie", 0),
        Case("html.xlsx", 9, at("J4", inline("J4", "<script>alert(1)</script>")), None, 0),
        Case("meta-vol.xlsx", 3, content(lambda b: edited(b, META=appended("".join(
            f'<row r="{row}">{inline(f"D{row}", f"X-{row}")}</row>'
            for row in range(200, 100_200))))), None, 0),
    ]


def _classic_cases() -> list[Case]:
    return [Case(name, 1, content(lambda b, build=build: build(b)), f"fout: {{file}}: {reason}", 1)
            for name, build, reason in [
                ("leeg.xlsx", lambda b: empty(), "het bestand is leeg"),
                ("notitie.xlsx", lambda b: text_file(),
                 "geen Excel-werkmap (het bestand is geen xlsx)"),
                ("oud-als-xlsx.xlsx", lambda b: old_xls(),
                 f"dit is een oud Excel-bestand (.xls); {SAVE_AS}"),
                ("geheim.xlsx", lambda b: encrypted(), "de werkmap is met een wachtwoord "
                 "versleuteld; sla hem op zonder wachtwoord en stuur hem opnieuw"),
                ("brief.xlsx", lambda b: word_document(),
                 "dit is een Word-document, geen Excel-werkmap"),
                ("afgebroken.xlsx", truncated,
                 "het bestand is beschadigd of onvolledig (afgebroken download of bijlage?)"),
                ("bom.xlsx", lambda b: zip_bomb(), "onderdeel xl/worksheets/sheet1.xml is "
                 "verdacht sterk gecomprimeerd (zip-bom?); niet gelezen"),
                ("voetbal.xlsx", lambda b: foreign_workbook(), "geen werkmap van uvp-excel: het "
                 "verborgen tabblad met de programmagegevens ontbreekt"),
                ("entiteiten.xlsx", entity_expansion, "xl/workbook.xml bevat onveilige XML (een "
                 "DTD of entiteiten); niet gelezen"),
            ]]


CASES: list[Case] = [*_far_cases(), *_text_cases(), *_flood_cases(), *_file_system_cases(),
                     *_format_cases(), *_value_cases(), *_classic_cases()]


if __name__ == "__main__":
    from tests.helpers.returns import handed_out
    from uvp_excel.resources import default_source_dir
    from uvp_excel.source.loader import load_programme

    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    for name, data, _ in corpus(handed_out(load_programme(default_source_dir()))):
        (folder / name).write_bytes(data)


