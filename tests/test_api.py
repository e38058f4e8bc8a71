"""The public Python API: the whole quarter without the command line, paths or file objects."""

from __future__ import annotations

import ast
import io
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

import uvp_excel as uvp
from tests.conftest import MINI_SOURCE
from tests.helpers.returns import fill, handed_out

WHOLE_QUARTER = textwrap.dedent("""
    import io, sys
    import openpyxl
    import uvp_excel as uvp

    prog = uvp.load_programme(sys.argv[1])
    uvp.build(prog, "werkmap.xlsx", quarter="Q3 2024")
    files = uvp.split(prog, "uitdelen", quarter="Q3 2024")
    returns = []
    for number, item in enumerate(files):
        book = openpyxl.load_workbook(item.file)
        sheet = next(s for s in book.worksheets if s.title.startswith("P1"))
        sheet["H3"] = "Afgerond" if number == 0 else "In uitvoering"
        upload = io.BytesIO()
        book.save(upload)
        upload.seek(0)
        upload.name = f"retour-{number}.xlsx"
        returns.append(upload)
    result = uvp.merge(prog, returns)
    result.write("stand.xlsx")
    summary = uvp.summarise(prog, ["stand.xlsx"], peildatum="2024-09-30")
    summary.write("voortgang.html")
    print(len(files), len(result.changes), len(result.conflicts), summary.total.activities)
    print(sorted(summary.total.per_status.items()))
    print("click" in sys.modules, "pandas" in sys.modules)
""")


def test_whole_quarter_in_python_without_click(tmp_path):
    done = subprocess.run([sys.executable, "-c", WHOLE_QUARTER, str(MINI_SOURCE)], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    # Three regie workbooks (OOV, Samenleven, THV); each team sets the first row of its P1 tab.
    assert done.stdout.splitlines() == ["3 3 0 4", "[('Afgerond', 1), ('In uitvoering', 2)]",
                                        "False False"]
    assert (tmp_path / "stand.xlsx").exists() and (tmp_path / "voortgang.html").exists()


def test_file_objects_in_and_out(mini):
    workbook = io.BytesIO()
    result = uvp.build(mini, workbook, quarter="Q3 2024")
    assert result.activity_count == sum(len(s.own_activities) for s in mini.sections)
    workbook.seek(0)
    workbook.name = "map/terug.xlsx"
    report = uvp.validate(mini, [workbook])
    # An untouched workbook is one remark, never an error.
    assert [(f.kind, f.severity) for f in report.findings] == [("retour-ongewijzigd", "info")]
    assert not report.has_errors
    workbook.seek(0)
    merged = uvp.merge(mini, [workbook])
    assert [summary.name for summary in merged.files] == ["terug.xlsx"]
    stand = io.BytesIO()
    merged.write(stand)
    stand.seek(0)
    summary = uvp.summarise(mini, [stand], peildatum=date(2024, 9, 30))
    assert summary.quarter == "Q3 2024"
    text = io.BytesIO()
    assert summary.write(text, file_format="md") == "md"
    assert text.getvalue().startswith(b"# Voortgang")
    csv = io.BytesIO()
    assert uvp.budget(mini, csv, file_format="csv") == "4 regels uit 1 tabel"
    assert csv.getvalue().startswith("\ufefftabel;groep;post".encode())


def test_the_format_follows_the_suffix(mini, tmp_path):
    summary = uvp.summarise(mini, [_stand(mini, tmp_path)])
    assert summary.write(tmp_path / "voortgang.md") == "md"
    assert (tmp_path / "voortgang.md").read_text(encoding="utf-8").startswith("# Voortgang")
    with pytest.raises(uvp.ParameterError) as error:
        summary.write(tmp_path / "voortgang.docx")
    assert str(error.value) == ("onbekend bestandsformaat '.docx'; kies uit: html, md, csv, "
                                "json, xlsx, of kies het formaat met file_format")
    assert error.value.parameter == "file_format"


def test_a_result_never_overwrites_its_inputs(mini, tmp_path):
    folder = tmp_path / "ingevuld"
    folder.mkdir()
    fill(handed_out(mini), folder / "anne.xlsx", {("P1-01", "status"): "Afgerond"})
    result = uvp.merge(mini, [folder])
    with pytest.raises(uvp.ParameterError):
        result.write(folder / ".." / "ingevuld" / "anne.xlsx", force=True)
    stand = tmp_path / "stand.xlsx"
    result.write(stand)
    with pytest.raises(uvp.OutputExistsError):
        result.write(stand)
    summary = uvp.summarise(mini, [stand])
    with pytest.raises(uvp.ParameterError):
        summary.write(stand, file_format="xlsx", force=True)
    assert uvp.summarise(mini, [stand]).total.per_status == {"Afgerond": 1}


def test_dataframes_for_analysts(mini, tmp_path):
    folder = tmp_path / "ingevuld"
    folder.mkdir()
    book = handed_out(mini)
    fill(book, folder / "anne.xlsx", {("P1-01", "status"): "Afgerond"})
    fill(book, folder / "bram.xlsx", {("P1-01", "status"): "Vertraagd"})
    frame = uvp.merge(mini, [folder]).to_dataframe()
    assert list(frame.columns) == ["id", "veld", "soort", "oud", "nieuw", "bestand", "tabblad",
                                   "cel"]
    assert sorted(frame["nieuw"]) == ["Afgerond", "Vertraagd"]
    assert set(frame["soort"]) == {"conflict"}
    counts = uvp.summarise(mini, [_stand(mini, tmp_path)]).to_dataframe()
    total = counts[counts["niveau"] == "totaal"].iloc[0]
    assert total["activiteiten"] == sum(len(s.own_activities) for s in mini.sections)


def modules_loaded(statement: str, prefixes: tuple[str, ...]) -> list[str]:
    """The modules starting with one of ``prefixes`` that ``statement`` loads in a fresh process."""
    done = subprocess.run([sys.executable, "-c", f"import sys; {statement}; print(sorted(m for m "
                           f"in sys.modules if m.startswith({prefixes!r})))"],
                          capture_output=True, text=True, check=True)
    return ast.literal_eval(done.stdout)


def test_import_is_light():
    assert modules_loaded("import uvp_excel",
                          ("xlsxwriter", "click", "python_calamine", "jinja2")) == []


def _stand(mini, tmp_path: Path) -> Path:
    target = tmp_path / "stand-basis.xlsx"
    uvp.build(mini, target, quarter="Q3 2024")
    return target


def test_validate_tells_the_outcome_of_each_file(mini, tmp_path):
    folder = tmp_path / "ingevuld"
    folder.mkdir()
    fill(handed_out(mini, regie="THV"), folder / "thv.xlsx", {("P1-02", "status"): "klaar?"},
         creator="Tom")
    (folder / "notitie.xlsx").write_bytes(b"geen werkmap")
    report = uvp.validate(mini, [folder])
    assert [Path(line.name).name for line in report.files] == ["notitie.xlsx", "thv.xlsx"]
    note, thv = report.files
    assert (thv.regie, thv.saved_by, thv.rows_read, thv.errors, thv.status, thv.quarter,
            thv.kind) == ("THV", "Tom", 1, 1, "gelezen", "Q3 2024", "werkmap")
    assert (note.errors, note.status, note.quarter, note.kind) == (1, "niet gelezen", "", "")
    fill(handed_out(mini, regie="THV"), folder / "thv.xlsx", {})  # saved without a user name
    assert [line.saved_by for line in uvp.validate(mini, [folder]).files] == ["", ""]
    assert uvp.MAX_FILE_BYTES == 50 * 1024 * 1024


def test_the_reader_does_not_load_the_writer():
    # Layers that show: reading a return needs the contract, never xlsxwriter or the writer.
    assert modules_loaded("import uvp_excel.returns.isolation, uvp_excel.summary.compute",
                          ("xlsxwriter", "uvp_excel.workbook", "click")) == []
    # Reading a stand is a returns concern: it needs neither the merge nor the writer.
    assert modules_loaded("import uvp_excel.returns.stand",
                          ("xlsxwriter", "uvp_excel.workbook", "uvp_excel.merging", "click")) == []


def test_importing_the_reader_loads_no_xlsxwriter():
    # As the issue measures it: every module an import loads is a line of -X importtime.
    done = subprocess.run([sys.executable, "-X", "importtime", "-c",
                           "import uvp_excel.returns.reader"],
                          capture_output=True, text=True, check=True)
    loaded = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
              if line.startswith("import time:")]
    assert "uvp_excel.returns.reader" in loaded
    assert [name for name in loaded if name.split(".")[0] == "xlsxwriter"] == []
