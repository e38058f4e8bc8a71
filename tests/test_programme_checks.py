"""``check`` protects ``build``: what check accepts, build writes; what build cannot write, check
reports first, in Dutch, with file and entry.

Each case is a programme folder someone could write: tab names that collide with the tool's own
tabs or with each other (Excel compares them without regard to capitals), names Excel refuses,
texts too long for a cell, empty sections, odd characters.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.conftest import MINI_SOURCE
from uvp_excel import contract
from uvp_excel.cli import cli
from uvp_excel.source.loader import load_programme
from uvp_excel.workbook.split import split_programme

P1, A, BUDGET, PROGRAMME = "secties/P1.yaml", "secties/A.yaml", "begroting/budget.yaml", \
    "programma.yaml"
RESERVED = ("is de naam van een tabblad dat uvp-excel of Excel zelf gebruikt (Toelichting, "
            "Overzicht, Lijsten, Afkortingen, Budget (lang), Importverslag…, _uvp_meta, History)")


def replace(folder: Path, relative: str, old: str, new: str) -> None:
    path = folder / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def retab(relative: str, old: str, name: str):
    return lambda folder: replace(folder, relative, f"tabnaam: {old}", f"tabnaam: {name}")


def without_activities(folder: Path) -> None:
    path = folder / P1
    path.write_text(path.read_text(encoding="utf-8").split("activiteiten:")[0]
                    + "activiteiten: []\n", encoding="utf-8")
    replace(folder, A, "verwijzing: P1", "verwijzing: A")  # nothing left to point to in P1


def without_posts(folder: Path) -> None:
    path = folder / BUDGET
    path.write_text(path.read_text(encoding="utf-8").split("posten:")[0] + "posten: []\n",
                    encoding="utf-8")


def without_sections(folder: Path) -> None:
    replace(folder, PROGRAMME, "secties: [P1, A]", "secties: []")
    for path in (folder / "secties").iterdir():
        path.unlink()


REFUSED = [
    ("overzicht", retab(P1, "P1 Ondermijning", "Overzicht"),
     f"Fout: secties/P1.yaml › tabnaam: tabnaam 'Overzicht' {RESERVED}"),
    ("toelichting-in-kleine-letters", retab(P1, "P1 Ondermijning", "toelichting"),
     f"Fout: secties/P1.yaml › tabnaam: tabnaam 'toelichting' {RESERVED}"),
    ("budget-lang", retab(BUDGET, "Budget OOV", "Budget (lang)"),
     f"Fout: begroting/budget.yaml › tabnaam: tabnaam 'Budget (lang)' {RESERVED}"),
    ("importverslag-tab", retab(A, "A Woon- en leefomgeving", "Importverslag bestanden"),
     f"Fout: secties/A.yaml › tabnaam: tabnaam 'Importverslag bestanden' {RESERVED}"),
    ("verborgen-tab", retab(A, "A Woon- en leefomgeving", "_UVP_META"),
     f"Fout: secties/A.yaml › tabnaam: tabnaam '_UVP_META' {RESERVED}"),
    ("history", retab(A, "A Woon- en leefomgeving", "History"),
     f"Fout: secties/A.yaml › tabnaam: tabnaam 'History' {RESERVED}"),
    ("budget-zoals-sectie", retab(BUDGET, "Budget OOV", "p1 ONDERMIJNING"),
     "Fout: begroting/budget.yaml › tabnaam: tabnaam 'p1 ONDERMIJNING' komt al voor in "
     "secties/P1.yaml (Excel maakt geen verschil tussen hoofd- en kleine letters)"),
    ("twee-secties", retab(A, "A Woon- en leefomgeving", "P1 Ondermijning"),
     "Fout: secties/A.yaml › tabnaam: tabnaam 'P1 Ondermijning' komt al voor in "
     "secties/P1.yaml (Excel maakt geen verschil tussen hoofd- en kleine letters)"),
    ("emoji-te-lang", retab(P1, "P1 Ondermijning", "P1 Ondermijning en jeugd 2024 🚓"),
     "Fout: secties/P1.yaml › tabnaam: tabnaam 'P1 Ondermijning en jeugd 2024 🚓' is langer "
     "dan 31 tekens (32)"),
    ("regeleinde", retab(P1, "P1 Ondermijning", '"P1\\nOndermijning"'),
     "Fout: secties/P1.yaml › tabnaam: tabnaam 'P1\\nOndermijning' bevat een stuurteken (zoals "
     "een regeleinde of tab)"),
    ("kort-met-map", lambda folder: replace(folder, PROGRAMME, "kort: uvp-proefdorp-2024-2025",
                                            "kort: ../uit/werkmap"),
     "Fout: programma.yaml › kort › regel 2: kort '../uit/werkmap' wordt de naam van de werkmap "
     "en mag alleen letters, cijfers, punt, streepje en liggend streepje bevatten"),
    ("tekst-te-lang", lambda folder: replace(folder, P1, "maatregel: Bibob-beleid evalueren.",
                                             "maatregel: " + "x" * 32768),
     "Fout: secties/P1.yaml › P1-01 › regel 9: veld 'maatregel' is 32768 tekens lang; een cel "
     "in Excel bevat hoogstens 32767 tekens"),
    ("geen-secties", without_sections,
     "Fout: programma.yaml › secties › regel 2: het programma heeft geen secties, dus de "
     "werkmap geen activiteitentabbladen"),
]
ACCEPTED = [
    ("apostrof", retab(P1, "P1 Ondermijning", "\"P1 Burgemeester's taken\"")),
    ("ampersand-en-accenten", retab(P1, "P1 Ondermijning", "P1 Zorg & Veiligheid – één")),
    ("emoji-past", retab(P1, "P1 Ondermijning", "P1 Ondermijning 🚓")),
    ("lange-titel", lambda folder: replace(
        folder, PROGRAMME, "titel: Uitvoeringsprogramma Integrale Veiligheid 2024–2025",
        "titel: " + "Uitvoeringsprogramma & veiligheid " * 10)),
    ("lange-gemeente", lambda folder: replace(folder, PROGRAMME, "gemeente: Proefdorp",
                                              "gemeente: " + "Proefdorp-" * 30)),
    ("lange-sectietitel", lambda folder: replace(folder, P1, "titel: Ondermijning",
                                                 "titel: " + "Ondermijning " * 40)),
    ("sectie-zonder-activiteiten", without_activities),
    ("tabel-zonder-posten", without_posts),
]


def run(arguments: list[str]):
    return CliRunner().invoke(cli, arguments)


@pytest.fixture
def programme(tmp_path):
    folder = tmp_path / "programma"
    shutil.copytree(MINI_SOURCE, folder)
    return folder


@pytest.mark.parametrize(("case", "change", "message"), REFUSED,
                         ids=[case for case, _, _ in REFUSED])
def test_check_reports_what_build_could_not_write(programme, tmp_path, case, change, message):
    change(programme)
    checked = run(["check", "--source", str(programme)])
    assert (checked.exit_code, checked.stderr.splitlines()[0]) == (1, message)
    built = run(["build", "--source", str(programme), "-o", str(tmp_path / "w.xlsx")])
    assert (built.exit_code, built.stderr.splitlines()[0]) == (1, message)
    assert "interne fout" not in built.stderr
    assert not (tmp_path / "w.xlsx").exists()


@pytest.mark.parametrize(("case", "change"), ACCEPTED, ids=[case for case, _ in ACCEPTED])
def test_build_writes_every_programme_check_accepts(programme, tmp_path, case, change):
    change(programme)
    checked = run(["check", "--source", str(programme)])
    assert checked.exit_code == 0, checked.output
    target = tmp_path / "w.xlsx"
    built = run(["build", "--source", str(programme), "-o", str(target), "--kwartaal", "Q3 2024"])
    assert built.exit_code == 0, built.stderr
    book = openpyxl.load_workbook(target)
    loaded = load_programme(programme)
    assert book.sheetnames[2:2 + len(loaded.sections)] == [s.tab_name for s in loaded.sections]
    for sheet in book.worksheets[:-1]:
        assert sheet.oddFooter.right.text == "Pagina &P van &N", sheet.title
        assert len(sheet.oddHeader.left.text or "") <= 255 - 4
    split = split_programme(loaded, tmp_path / "uitdelen")
    assert all(Path(item.file).exists() for item in split)


def test_a_quote_in_a_tab_name_is_doubled_in_the_overview_formulas(programme, tmp_path):
    retab(P1, "P1 Ondermijning", "\"P1 Burgemeester's taken\"")(programme)
    target = tmp_path / "w.xlsx"
    assert run(["build", "--source", str(programme), "-o", str(target)]).exit_code == 0
    overview = openpyxl.load_workbook(target)[contract.OVERVIEW_SHEET]
    assert overview["H5"].value == "=COUNTIF('P1 Burgemeester''s taken'!$H$3:$H$5,\"Afgerond\")"


def test_a_long_title_is_shortened_in_the_page_header_not_dropped(programme, tmp_path):
    ACCEPTED[3][1](programme)
    target = tmp_path / "w.xlsx"
    assert run(["build", "--source", str(programme), "-o", str(target),
                "--kwartaal", "Q3 2024"]).exit_code == 0
    header = openpyxl.load_workbook(target)["P1 Ondermijning"].oddHeader.left.text
    assert header.startswith("Uitvoeringsprogramma && veiligheid Uitvoeringsprogramma")
    assert header.endswith("…") and len(header) == 251


def test_an_empty_section_counts_over_one_empty_row(programme, tmp_path):
    without_activities(programme)
    target = tmp_path / "w.xlsx"
    assert run(["build", "--source", str(programme), "-o", str(target)]).exit_code == 0
    overview = openpyxl.load_workbook(target)[contract.OVERVIEW_SHEET]
    assert overview["H5"].value == "=COUNTIF('P1 Ondermijning'!$H$3,\"Afgerond\")"


def test_split_never_gives_two_regies_the_same_file(programme, tmp_path):
    replace(programme, P1, "regie: OOV, stakeholders: [OOV, THV]",
            "regie: OOV/THV, stakeholders: [OOV, THV]")
    replace(programme, P1, "regie: THV, stakeholders: [politie]",
            "regie: oov thv, stakeholders: [politie]")
    files = split_programme(load_programme(programme), tmp_path / "uitdelen")
    names = {item.regie: Path(item.file).name for item in files}
    assert len({name.lower() for name in names.values()}) == len(names) == 4
    assert sorted([names["OOV/THV"], names["oov thv"]], key=len) == [
        "uvp-proefdorp-2024-2025-oov-thv.xlsx", "uvp-proefdorp-2024-2025-OOV-THV-2.xlsx"]
    assert all(Path(item.file).exists() for item in files)
