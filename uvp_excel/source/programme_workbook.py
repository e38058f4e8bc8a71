"""The programme workbook's contract: the tabs, labels and headers that export and import share.

*Programmawerkmap*: the whole programme as one Excel workbook, for the policy officers who write
it (``uvp-excel source new / export / import``). Not to be confused with the *werkmap* staff fill
in (``build``). The writer and the reader take every tab name and header from here, so what the
export writes is exactly what the import reads.
"""

from __future__ import annotations

from dataclasses import dataclass

INSTRUCTIONS_TAB = "Toelichting"
PROGRAMME_TAB = "Programma"
SECTIONS_TAB = "Secties"
ACTIVITIES_TAB = "Activiteiten"
ABBREVIATIONS_TAB = "Afkortingen"
STATUSES_TAB = "Statussen"
FIXED_TABS = (INSTRUCTIONS_TAB, PROGRAMME_TAB, SECTIONS_TAB, ACTIVITIES_TAB, ABBREVIATIONS_TAB,
              STATUSES_TAB)
# A budget tab is recognised by this text in A1 (its tab name is free).
BUDGET_MARKER = "Financiële tabel"
NEW_BUDGET_TAB = "Financiële tabel 1"

YES, NO = "ja", "nee"
# Rows the dropdowns and checks cover: far more than any programme has.
VALIDATED_ROWS = 5000


@dataclass(frozen=True)
class Field:
    """One labelled value of the Programma tab (or of the head of a budget tab)."""

    label: str
    key: str
    explanation: str
    kind: str = "text"  # text | year | date


PROGRAMME_FIELDS = (
    Field("Gemeente", "gemeente", "De naam van de gemeente, bijvoorbeeld Bergen."),
    Field("Titel", "titel", "De titel van het programma."),
    Field("Korte naam", "kort", "Basis van bestandsnamen en de herkenning van ingevulde "
          "werkmappen, bijvoorbeeld uvp-bergen-2025-2026. Verander hem niet meer nadat er "
          "werkmappen zijn uitgedeeld."),
    Field("Eerste jaar", "periode.van", "Het eerste jaar van het programma.", "year"),
    Field("Laatste jaar", "periode.tot", "Het laatste jaar van het programma.", "year"),
    Field("Beleidsplan (IVB)", "ivb", "Het integraal veiligheidsbeleidsplan dat dit programma "
          "uitvoert (mag leeg blijven)."),
    Field("Eerste jaar IVB", "ivb_periode.van", "Leeg: gelijk aan het eerste jaar van het "
          "programma.", "year"),
    Field("Laatste jaar IVB", "ivb_periode.tot", "Leeg: gelijk aan het laatste jaar. De "
          "keuzelijst Kwartaal loopt tot en met dit jaar.", "year"),
    Field("Versie", "versie", "Zoals het document zichzelf noemt, bijvoorbeeld "
          "'versie 29 mei 2024'. Een nieuwe versie meldt oudere ingevulde werkmappen."),
    Field("Versiedatum", "versiedatum", "De datum van deze versie.", "date"),
)

# Notitie: a note that is no programme text (how the document was transcribed); it becomes a
# comment in the YAML and never reaches the werkmap.
NOTE_HEADER = "Notitie"
SECTION_HEADERS = ("Sleutel", "Soort", "Nummer", "Titel", "Tabnaam", "Soort doelstelling",
                   "Doelstelling", "Inleiding", "Veiligheidsvelden", NOTE_HEADER)
SECTION_WIDTHS = (10, 16, 9, 36, 26, 22, 50, 50, 50, 40)
ACTIVITY_HEADERS = ("Sectie", "ID", "Veiligheidsthema", "Item", "Maatregel / activiteit",
                    "Regie", "Stakeholders", "Planning", "Verwijzing", NOTE_HEADER)
ACTIVITY_WIDTHS = (9, 12, 18, 20, 60, 18, 30, 16, 11, 40)
ABBREVIATION_HEADERS = ("Afkorting", "Betekenis")
STATUS_HEADERS = ("Status", "Kleur", "Tekstkleur", "Toelichting nodig", "Klaar", "Betekenis",
                  "Synoniemen")
STATUS_WIDTHS = (18, 10, 10, 11, 8, 60, 50)

# The head of a budget tab: label in A, value in B, from row 3 (0-based row 2).
BUDGET_FIELDS = (
    Field("Sleutel", "sleutel", "Uniek, korte naam zonder spaties, bijvoorbeeld werkbudget."),
    Field("Titel", "titel", "De titel van de tabel in het document."),
    Field("Tabnaam", "tabnaam", "Naam van het budgettabblad in de werkmap (hoogstens 31 "
          "tekens)."),
    Field("Bron", "bron", "Waar de tabel in het document staat, bijvoorbeeld 6.4 Financiën."),
    Field("Eenheid", "eenheid", "euro of fte."),
    Field(NOTE_HEADER, "notitie", "Aantekening bij de tabel (komt niet in de werkmap)."),
)
BUDGET_HEAD_ROW = 2
BUDGET_KEY_ROW = 8  # "Kolomsleutel" above each amount column
BUDGET_YEAR_ROW = 9  # "Jaar" above each amount column
BUDGET_HEADER_ROW = 10
BUDGET_TEXT_HEADERS = ("Omschrijving", "Groep", "Verdeling")
REMARK_HEADER = "Opmerking"
KEY_LABEL, YEAR_LABEL = "Kolomsleutel", "Jaar"
TOTALS_BLOCK = ("Totalen", ("Label", "Groep", "Kolommen", "Waarde"))
CLAIMS_BLOCK = ("Vermeldingen", ("Tekst", "Waarde", "Vergelijk met"))
CORRECTIONS_BLOCK = ("Correcties", ("Post", "Kolom", "Waarde", "Toelichting"))
BUDGET_BLOCKS = (TOTALS_BLOCK, CLAIMS_BLOCK, CORRECTIONS_BLOCK)


def split_list(text: str) -> list[str]:
    """Split a cell holding a list: one item per line, or items separated by ``;``."""
    separator = "\n" if "\n" in text else ";"
    return [item.strip() for item in text.split(separator) if item.strip()]
