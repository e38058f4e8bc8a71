"""A second, fictional programme, typed into an empty programme workbook as a policy officer would.

Gemeente Bergen (NH), the BUCH neighbour of Heiloo: another period (2025–2026, no IVB period),
section keys that are not P1…F (two prioriteiten, three bijlagen numbered I–III), other regie
teams, two budget tables of its own (one in fte), no afkortingen and its own status words.
Some IDs are left empty for the import to assign; one amount is typed as text; one stated total
does not add up; one planning cannot be read.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from uvp_excel.cli import cli

PROGRAMME = {
    "Gemeente": "Bergen",
    "Titel": "Uitvoeringsprogramma Veiligheid 2025–2026",
    "Korte naam": "uvp-bergen-2025-2026",
    "Eerste jaar": 2025,
    "Laatste jaar": 2026,
    "Versie": "versie 3 februari 2025",
    "Versiedatum": date(2025, 2, 3),
}

SECTIONS = [
    ["WON", "prioriteit", "3.1", "Woninginbraak en woonoverlast", "Prio Woonoverlast",
     "Doel", "Minder woninginbraken en snellere aanpak van woonoverlast.", "",
     "Veiligheidsveld 1: Veilige woon- en leefomgeving"],
    ["JEUGD", "prioriteit", "3.2", "Jeugd, alcohol en drugs", "Prio Jeugd",
     "Doel", "Minder jongeren die op jonge leeftijd alcohol drinken.", "",
     "Veiligheidsveld 3: Jeugd en veiligheid\nVeiligheidsveld 5: Integriteit en veiligheid"],
    ["I", "bijlage", "I", "Kust en toerisme", "Bijlage I Kust", "", "", "", ""],
    ["II", "bijlage", "II", "Fysieke veiligheid", "Bijlage II Fysiek", "", "", "", ""],
    ["III", "bijlage", "III", "Bestuurlijke integriteit", "Bijlage III Integriteit", "", "", "",
     ""],
]

# Sectie, ID, Veiligheidsthema, Item, Maatregel, Regie, Stakeholders, Planning, Verwijzing
ACTIVITIES = [
    ["WON", "WON-01", "", "Inbraakpreventie", "Voorlichtingsavonden inbraakpreventie in Egmond "
     "en Schoorl.", "Team Veiligheid", "Politie\nBuurtpreventie", "Q1 t/m Q2 2025", ""],
    ["WON", "WON-02", "", "Woonoverlast", "Casusoverleg woonoverlast met de corporaties.",
     "Team Veiligheid\nSociaal Domein", "Kennemer Wonen; Politie", "Doorlopend", ""],
    ["WON", "", "", "Buurtpreventie", "Ondersteunen van de buurtpreventieteams met een "
     "werkbudget.", "Team Veiligheid", "Buurtpreventie", "2025", ""],
    ["JEUGD", "JEUGD-01", "", "Alcohol", "Nalevingsonderzoek alcoholverkoop aan jongeren.",
     "Handhaving Bergen", "Supermarkten, sportkantines", "Q3 2025", ""],
    ["JEUGD", "JEUGD-02", "", "Jongerenoverlast", "Aanpak hinderlijke jeugdgroepen volgens de "
     "shortlistmethodiek.", "Jeugdpunt", "Jongerenwerk\nPolitie", "Zomerseizoen 2025", ""],
    ["JEUGD", "", "", "Preventie", "Preventielessen op de basisscholen.", "Jeugdpunt",
     "Scholen", "Q4 2025", ""],
    ["I", "I-1.1-01", "1.1 Strandveiligheid", "Reddingsbrigade", "Afspraken met de "
     "reddingsbrigades over de inzet in het badseizoen.", "Toezicht Strand",
     "KNRM; Reddingsbrigade Egmond", "Jaarlijks", ""],
    ["I", "", "1.1 Strandveiligheid", "Strandtoezicht", "Extra boa's op het strand in het "
     "hoogseizoen.", "Toezicht Strand\nHandhaving Bergen", "Boa's", "Q2-Q3 2025", ""],
    ["I", "", "1.2 Toerisme", "Vakantieverhuur", "Registratieplicht vakantieverhuur handhaven.",
     "Handhaving Bergen", "", "2025-2026", ""],
    ["II", "II-01", "", "Duinbranden", "Oefening natuurbrand met de veiligheidsregio.",
     "Team Veiligheid", "Veiligheidsregio NHN", "Q2 2026", ""],
    ["II", "", "", "Jongeren", "Zie prioriteit 2.", "", "", "", "JEUGD"],
    ["III", "III-01", "", "Bibob", "Bibob-toets bij horecavergunningen.", "Team Veiligheid",
     "RIEC", "Indien nodig", ""],
]

BUDGET_TABLES = [
    {
        "head": ["werkbudget", "Werkbudget veiligheid", "Werkbudget", "Hoofdstuk 5 Middelen",
                 "euro"],
        "columns": [("2025", "Begroting 2025", 2025), ("2026", "Begroting 2026", 2026)],
        "posts": [["Buurtpreventie", "", "Werkbudget", "€ 4.500,-", 4500, ""],
                  ["Voorlichting", "", "Werkbudget", 2500, 2000, "drukwerk"],
                  ["Strandtoezicht", "", "Inhuur", 18000, 18500, "boa's hoogseizoen"]],
        # The document states 26.000 for 2025; the posts add up to 25.000.
        "totals": [["Totaal", "", "Begroting 2025", 26000],
                   ["Totaal", "", "Begroting 2026", 25000]],
    },
    {
        "head": ["inzet-boa", "Inzet boa's", "Inzet boa", "Hoofdstuk 5 Middelen", "fte"],
        "columns": [("2025", "2025", 2025), ("2026", "2026", 2026)],
        "posts": [["Boa openbare ruimte", "Bestaand", "", 2.0, 2.0, ""],
                  ["Boa strand", "Uitbreiding", "", 0.5, 0.5, "seizoen"]],
        "totals": [["Totaal", "", "2025", 2.5]],
    },
]

# Status, Kleur, Tekstkleur, Toelichting nodig, Klaar, Betekenis, Synoniemen
STATUSES = [
    ["Gepland", "#EDEDED", "#3A3A3A", "nee", "nee", "Nog niet begonnen.", "open"],
    ["Bezig", "#DDEBF7", "#1F4E79", "nee", "nee", "Loopt volgens plan.", "in uitvoering"],
    ["Loopt achter", "#FCE4D6", "#9C3D00", "ja", "nee", "Achter op de planning.", "achter"],
    ["Klaar", "#E2EFDA", "#375623", "nee", "ja", "Afgerond.", "gereed\nafgerond"],
    ["Geschrapt", "#D9D9D9", "#595959", "ja", "ja", "Gaat niet door.", "vervallen"],
]


def _fill_table(sheet, rows: list[list]) -> None:
    for offset, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            sheet.cell(offset, column).value = value if value != "" else None


def fill_programme_workbook(empty: Path, target: Path) -> Path:
    """Type the Bergen programme into the empty workbook of ``source new``; save as ``target``."""
    book = openpyxl.load_workbook(empty)
    programme = book["Programma"]
    for row in range(2, programme.max_row + 1):
        label = programme.cell(row, 1).value
        if label in PROGRAMME:
            programme.cell(row, 2).value = PROGRAMME[label]
    _fill_table(book["Secties"], SECTIONS)
    _fill_table(book["Activiteiten"], ACTIVITIES)
    statuses = book["Statussen"]
    statuses.delete_rows(2, statuses.max_row)
    _fill_table(statuses, STATUSES)
    # As in Excel: copy the empty budget tab once per table before filling it in.
    template = book["Financiële tabel 1"]
    copies = [template] + [book.copy_worksheet(template) for _ in BUDGET_TABLES[1:]]
    for sheet, table in zip(copies, BUDGET_TABLES, strict=True):
        sheet.title = table["head"][2]
        _fill_budget(sheet, table)
    book.save(target)
    return target


def _fill_budget(sheet, table: dict) -> None:
    for offset, value in enumerate(table["head"]):
        sheet.cell(3 + offset, 2).value = value
    for offset, (key, header, year) in enumerate(table["columns"]):
        sheet.cell(9, 4 + offset).value = key
        sheet.cell(10, 4 + offset).value = year
        sheet.cell(11, 4 + offset).value = header
    # The template has two amount columns, Opmerking in F, and the blocks below.
    for offset, post in enumerate(table["posts"]):
        sheet.insert_rows(12 + offset)
        for column, value in enumerate(post, start=1):
            sheet.cell(12 + offset, column).value = value if value != "" else None
    totals_row = next(row for row in range(12, sheet.max_row + 1)
                      if sheet.cell(row, 1).value == "Totalen")
    for offset, total in enumerate(table["totals"], start=2):
        sheet.insert_rows(totals_row + offset)
        for column, value in enumerate(total, start=1):
            sheet.cell(totals_row + offset, column).value = value if value != "" else None


def imported_programme(folder: Path) -> Path:
    """Make the empty workbook with ``source new``, type Bergen into it and import it."""
    runner = CliRunner()
    empty, target = folder / "leeg.xlsx", folder / "bergen"
    result = runner.invoke(cli, ["source", "new", "-o", str(empty)])
    assert result.exit_code == 0, result.output
    filled = fill_programme_workbook(empty, folder / "programma-bergen.xlsx")
    result = runner.invoke(cli, ["source", "import", str(filled), "-o", str(target)])
    assert result.exit_code == 0, result.output
    return target
