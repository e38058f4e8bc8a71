"""``uvp-excel budget``: the budget tabs alone, and the Dutch CSV finance pastes from."""

from __future__ import annotations

import csv
import io

import openpyxl
from click.testing import CliRunner

from uvp_excel.cli import cli
from uvp_excel.output import csv_cell


def test_budget_csv_follows_dutch_conventions(tmp_path):
    runner = CliRunner()
    target = tmp_path / "begroting.csv"
    result = runner.invoke(cli, ["budget", "--format", "csv", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Budget geschreven: {target} (59 regels uit 8 tabellen)\n"
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["tabel", "groep", "post", "verdeling", "kolom", "jaar", "bedrag",
                       "eenheid"]
    oov_2024 = [row for row in rows[1:] if row[0] == "Openbare Orde en Veiligheid"
                and row[5] == "2024"]
    assert oov_2024[0] == ["Openbare Orde en Veiligheid", "", "Overige goederen en diensten",
                           "Gemeente budget", "Begroot 2024", "2024", "110233,00", "euro"]
    assert sum(float(row[6].replace(",", ".")) for row in oov_2024) == 377198.0
    heiloo = [row for row in rows if row[0] == "Projectkosten Ondermijning 2024"
              and row[4] == "Heiloo"]
    assert heiloo[0][6] == "29000,00"


def test_budget_xlsx_holds_only_budget_tabs(tmp_path):
    runner = CliRunner()
    target = tmp_path / "begroting.xlsx"
    assert runner.invoke(cli, ["budget", "-o", str(target)]).exit_code == 0
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Formatie", "Budget OOV", "Budget Rampenbestrijding",
                               "FIRAP 2024", "Kadernota 2025", "Extra budget Heiloo",
                               "Bijdrage VRNHN", "Projectkosten Ondermijning", "Budget (lang)"]
    assert book["Budget OOV"]["C13"].value == "=SUM(C5:C12)"


def test_existing_output_is_left_alone_without_force(tmp_path):
    runner = CliRunner()
    target = tmp_path / "begroting.csv"
    target.write_text("van iemand anders", encoding="utf-8")
    result = runner.invoke(cli, ["budget", "--format", "csv", "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr == (f"Fout: {target} bestaat al; gebruik --force om het te "
                             "overschrijven (er is niets veranderd)\n")
    assert target.read_text(encoding="utf-8") == "van iemand anders"
    forced = runner.invoke(cli, ["budget", "--format", "csv", "-o", str(target), "--force"])
    assert forced.exit_code == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbftabel;")


def test_unknown_format_is_a_usage_error():
    result = CliRunner().invoke(cli, ["budget", "--format", "pdf"])
    assert result.exit_code == 2
    assert "Ongeldige waarde voor '--format': 'pdf' is geen van 'xlsx', 'csv'." in \
        result.output


def test_csv_cells_never_start_a_formula():
    assert csv_cell("=SUM(A1)") == "'=SUM(A1)"
    assert csv_cell("@cmd") == "'@cmd"
    assert csv_cell("Overige goederen") == "Overige goederen"
