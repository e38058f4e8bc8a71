"""``uvp-excel split``: one workbook per regie, and ``build --from`` a stand."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from tests.conftest import MINI_SOURCE
from tests.helpers.returns import column_of, fill, first_row, handed_out, is_activity_tab
from uvp_excel.cli import cli
from uvp_excel.merging.merge import merge_returns

MINI = str(MINI_SOURCE)



def ids_in(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path)
    return [sheet.cell(row, column_of("id")).value for sheet in book.worksheets
            if is_activity_tab(sheet) for row in range(first_row(), sheet.max_row + 1)]


def test_split_writes_one_workbook_per_regie(tmp_path):
    folder = tmp_path / "uitdelen"
    result = CliRunner().invoke(cli, ["split", "-o", str(folder), "--source",
                                      MINI, "--kwartaal", "Q3 2024"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Regie       activiteiten  bestand",
        f"OOV                    3  {folder}/uvp-proefdorp-2024-2025-OOV.xlsx",
        f"Samenleven             1  {folder}/uvp-proefdorp-2024-2025-Samenleven.xlsx",
        f"THV                    1  {folder}/uvp-proefdorp-2024-2025-THV.xlsx",
    ]
    # "OOV en Samenleven" (P1-03) goes to both; the reference row to neither.
    assert ids_in(folder / "uvp-proefdorp-2024-2025-OOV.xlsx") == ["P1-01", "P1-03", "A-1.1-01"]
    assert ids_in(folder / "uvp-proefdorp-2024-2025-Samenleven.xlsx") == ["P1-03"]
    book = openpyxl.load_workbook(folder / "uvp-proefdorp-2024-2025-THV.xlsx")
    assert book.sheetnames == ["Toelichting", "Overzicht", "P1 Ondermijning", "_uvp_meta"]
    meta = {row[0]: row[1] for row in book["_uvp_meta"].iter_rows(min_row=2, max_col=2,
                                                                   values_only=True)}
    assert (meta["regie"], meta["kwartaal"]) == ("THV", "Q3 2024")


def test_split_of_heiloo_covers_every_activity(tmp_path, heiloo):
    folder = tmp_path / "uit"
    result = CliRunner().invoke(cli, ["split", "-o", str(folder), "--json"])
    assert result.exit_code == 0
    index = json.loads(result.stdout)
    assert {"regie": "Zonder regie", "activities": 1,
            "file": str(folder / "uvp-heiloo-2024-2025-Zonder-regie.xlsx")} in index
    covered = {activity_id for item in index for activity_id in ids_in(Path(item["file"]))}
    assert covered == {a.id for a in heiloo.activities() if not a.is_reference}


def test_split_refuses_to_overwrite_any_file(tmp_path):
    folder = tmp_path / "uit"
    folder.mkdir()
    (folder / "uvp-proefdorp-2024-2025-THV.xlsx").write_bytes(b"ingevuld")
    result = CliRunner().invoke(cli, ["split", "-o", str(folder), "--source",
                                      MINI])
    assert result.exit_code == 1
    assert sorted(p.name for p in folder.iterdir()) == ["uvp-proefdorp-2024-2025-THV.xlsx"]


def test_build_from_stand_prefills_the_next_quarter(mini, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    fill(handed_out(mini), folder / "a.xlsx", {("P1-01", "status"): "Afgerond",
                                               ("P1-02", "toelichting"): "Loopt goed"})
    stand = tmp_path / "stand.xlsx"
    merge_returns([folder], mini).write(stand)
    target = tmp_path / "q4.xlsx"
    result = CliRunner().invoke(cli, ["build", "--source", MINI, "--from",
                                      str(stand), "--kwartaal", "Q4 2024", "-o", str(target)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(target)["P1 Ondermijning"]
    assert (sheet["H3"].value, sheet["J4"].value) == ("Afgerond", "Loopt goed")
