"""The bundled Heiloo programme: counts per section as in the document, and its anomalies."""

from __future__ import annotations

import pytest

from uvp_excel import contract
from uvp_excel.check import check_programme
from uvp_excel.resources import default_source_dir
from uvp_excel.source.loader import load_programme

# Rows per table as counted in the document (own activities, reference rows).
EXPECTED_COUNTS = {
    "P1": (6, 0), "P2": (2, 0), "P3": (9, 0), "P4": (3, 0), "S1": (4, 0),
    "A": (22, 1), "B": (9, 1), "C": (9, 1), "D": (6, 2), "E": (22, 1), "F": (12, 0),
}


def test_every_section_has_the_rows_of_the_document(heiloo):
    counts = {section.key: (len(section.own_activities),
                            len(section.activities) - len(section.own_activities))
              for section in heiloo.sections}
    assert counts == EXPECTED_COUNTS


def test_programme_identity_and_period(heiloo):
    assert heiloo.gemeente == "Heiloo"
    assert heiloo.version == "versie 29 mei 2024"
    assert heiloo.version_date.isoformat() == "2024-05-29"
    assert (heiloo.first_year, heiloo.last_year) == (2024, 2025)
    assert (heiloo.ivb_first_year, heiloo.ivb_last_year) == (2024, 2027)
    # The Kwartaal dropdown runs to the end of the IVB period.
    assert [str(q) for q in contract.quarter_list(heiloo)][0::5] == [
        "Q1 2024", "Q2 2025", "Q3 2026", "Q4 2027"]
    assert len(heiloo.abbreviations) == 56


def test_references_point_to_the_sections_the_document_names(heiloo):
    references = {activity.id: activity.verwijzing for activity in heiloo.activities()
                  if activity.is_reference}
    assert references == {"A-1.1-03": "P2", "B-2.2-01": "P1", "C-3.3-01": "P3",
                          "D-4.1-01": "P3", "D-4.4-01": "S1", "E-5.2-01": "P1"}


def test_tab_names_are_unique_and_fit_excel(heiloo):
    names = [section.tab_name for section in heiloo.sections]
    names += [table.tab_name for table in heiloo.budget_tables]
    assert len({name.lower() for name in names}) == len(names)
    assert max(len(name) for name in names) <= 31


@pytest.mark.parametrize(
    ("table", "label", "columns", "stated", "computed"),
    [
        ("oov-budget", "Totaal", ("2024",), 377198.0, 377198.0),
        ("oov-budget", "Totaal", ("2025",), 302826.0, 302826.0),
        ("rampenbestrijding", "Totaal", ("2024",), 8884.0, 8884.0),
        ("bijdrage-vrnhn", "Totaal", ("2025",), 1685957.0, 1685957.0),
        ("formatie", "Totaal Begroting 2024", ("begroting-2024",), 8.87, 8.87),
        ("formatie", "Na vaststelling FIRAP 2024", ("begroting-2024", "firap-2024"), 11.87, 11.87),
        ("formatie", "Na vaststelling Kadernota 2025", ("begroting-2024", "kn-2025"), 13.87, 13.87),
        ("firap-2024", "Formatie en crisisorganisatie", ("bedrag",), 295000.0, 295000.0),
        ("kadernota-2025", "BUCH werkorganisatie", ("bedrag",), 472000.0, 472000.0),
        ("projectkosten-ondermijning", "Totaal", ("bergen", "uitgeest", "castricum", "heiloo"),
         141800.0, 141800.0),
    ],
)
def test_stated_totals_add_up_with_corrections(heiloo, table, label, columns, stated, computed):
    budget = next(item for item in heiloo.budget_tables if item.key == table)
    total = next(item for item in budget.totals if item.label == label and item.columns == columns)
    assert total.value == stated
    assert budget.computed_total(total) == computed


def test_check_finds_every_anomaly_of_the_document():
    anomalies = check_programme(load_programme(default_source_dir())).anomalies
    found = {(finding.kind, finding.tab if finding.tab[:1] in "PSABCDEF" and "-" in finding.tab
              else finding.file) for finding in anomalies}
    assert found == {
        ("afwijking-vermelding", "begroting/formatie.yaml"),
        ("afwijking-indexering", "begroting/bijdrage-vrnhn.yaml"),
        ("afwijking-totaal", "begroting/projectkosten-ondermijning.yaml"),
        ("afwijking-tikfout", "begroting/projectkosten-ondermijning.yaml"),
        ("afwijking-totaal-gecorrigeerd", "begroting/projectkosten-ondermijning.yaml"),
        ("afwijking-correctie", "begroting/projectkosten-ondermijning.yaml"),
        ("afwijking-dubbele-rij", "A-1.1-15"),
        ("afwijking-zelfde-maatregel", "D-4.2-03"),
        ("afwijking-geen-regie", "C-3.2-02"),
        ("afwijking-geen-planning", "A-1.3-03"),
        ("afwijking-geen-planning", "A-1.4-03"),
        ("afwijking-geen-planning", "B-2.3-02"),
        ("afwijking-geen-planning", "B-2.4-03"),
        ("afwijking-geen-planning", "B-2.5-01"),
        ("afwijking-geen-planning", "C-3.1-02"),
        ("afwijking-geen-planning", "C-3.2-02"),
        ("afwijking-geen-planning", "C-3.3-02"),
    }
    messages = [str(finding) for finding in anomalies]
    assert (
        "begroting/projectkosten-ondermijning.yaml › Projectkosten Ondermijning 2024: bedrag "
        "€ 29,00 bij 'BUCH brede kosten' (Heiloo) lijkt verkeerd getypt: met € 29.000,00 klopt "
        "het totaal € 141.800,00") in messages
    assert (
        "begroting/formatie.yaml › Formatie team OOV: de tekst noemt 10,87 fte (\"Het team "
        "veiligheid bestaat in totaal uit 10,87 fte voor de BUCH-gemeenten.\"), de tabel geeft "
        "Totaal Begroting 2024 = 8,87 fte") in messages
    assert "secties/A.yaml › A-1.1-15: rij is dubbel afgedrukt: gelijk aan A-1.1-10" in messages
