"""``uvp-excel build`` as the AOV runs it: default name, --kwartaal, --force, atomic writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from uvp_excel.cli import cli
from uvp_excel.errors import OutputExistsError
from uvp_excel.output import atomic_output


def meta(path: Path) -> dict:
    sheet = openpyxl.load_workbook(path)["_uvp_meta"]
    return {row[0]: row[1] for row in sheet.iter_rows(min_row=2, max_col=2, values_only=True)
            if row[0]}


@pytest.fixture
def here(tmp_path, monkeypatch):
    """Run in an empty folder of our own, as a user would in theirs."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_build_without_arguments_writes_the_heiloo_workbook_here(here):
    runner = CliRunner()
    result = runner.invoke(cli, ["build", "--kwartaal", "q3-2024"])
    assert result.exit_code == 0, result.output
    target = Path("uvp-heiloo-2024-2025.xlsx").resolve()
    assert result.stderr == (f"Werkmap geschreven: {target} (104 activiteiten en 6 "
                             "verwijzingen op 23 tabbladen)\n")
    assert meta(target)["kwartaal"] == "Q3 2024"
    assert [p.name for p in Path(".").iterdir()] == ["uvp-heiloo-2024-2025.xlsx"]


def test_existing_workbook_is_not_overwritten_without_force(here):
    runner = CliRunner()
    Path("uvp-heiloo-2024-2025.xlsx").write_bytes(b"ingevuld werk")
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 1
    assert "bestaat al; gebruik --force" in result.stderr
    assert Path("uvp-heiloo-2024-2025.xlsx").read_bytes() == b"ingevuld werk"
    forced = runner.invoke(cli, ["build", "--force", "--kwartaal", "Q1 2025"])
    assert forced.exit_code == 0
    assert meta(Path("uvp-heiloo-2024-2025.xlsx"))["kwartaal"] == "Q1 2025"


@pytest.mark.parametrize(
    ("quarter", "message"),
    [
        ("Q9 2024", "Fout: --kwartaal 'Q9 2024' is geen kwartaal; schrijf het als 'Q3 2024'\n"),
        ("Q1 2031", "Fout: --kwartaal Q1 2031 valt buiten de keuzelijst Kwartaal (Q1 2024 t/m Q4 "
                    "2027; het programma loopt van 2024 tot en met 2025, het beleidsplan tot en "
                    "met 2027)\n"),
    ],
)
def test_wrong_quarter_is_a_usage_error(quarter, message, here):
    runner = CliRunner()
    result = runner.invoke(cli, ["build", "--kwartaal", quarter])
    assert (result.exit_code, result.stderr) == (2, message)
    assert not list(Path(".").iterdir())


def test_output_option_and_other_source(mini_copy, tmp_path):
    target = tmp_path / "proef.xlsx"
    result = CliRunner().invoke(cli, ["build", "--source", str(mini_copy), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert meta(target)["programma"] == "uvp-proefdorp-2024-2025"


def test_missing_output_folder_is_a_clear_error(tmp_path):
    target = tmp_path / "bestaat-niet" / "x.xlsx"
    result = CliRunner().invoke(cli, ["build", "-o", str(target)])
    assert (result.exit_code, result.stderr) == (1, f"Fout: {target.parent}: map bestaat niet\n")


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    target = tmp_path / "uit.xlsx"
    target.write_bytes(b"oud")
    with pytest.raises(RuntimeError), atomic_output(target, force=True) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError("crash halverwege")
    assert target.read_bytes() == b"oud"
    assert [p.name for p in tmp_path.iterdir()] == ["uit.xlsx"]


def test_atomic_output_refuses_existing_file(tmp_path):
    target = tmp_path / "uit.xlsx"
    target.write_bytes(b"oud")
    with pytest.raises(OutputExistsError), atomic_output(target):
        pass


def test_build_does_not_import_pandas(tmp_path):
    code = ("import sys; from uvp_excel.cli import main; sys.argv = ['uvp-excel', 'build', '-o', "
            f"r'{tmp_path / 'x.xlsx'}']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('pandas' in sys.modules, 'openpyxl' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip().splitlines()[-1] == "False False"
