"""The progress summary: exact numbers, behind-schedule rules, trend, and every format."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.conftest import MINI_SOURCE
from tests.helpers.returns import fill, handed_out
from uvp_excel.cli import cli
from uvp_excel.inputs import RowInput
from uvp_excel.merging.merge import merge_returns, read_base
from uvp_excel.source.model import Activity
from uvp_excel.source.planning import Quarter
from uvp_excel.summary.compute import StandPoint, assess, compute_summary
from uvp_excel.summary.render import render_json
from uvp_excel.workbook.writer import BuildSpec, write_workbook

MINI = str(MINI_SOURCE)

FINAL = {"Afgerond", "Vervallen"}
Q3_END = date(2024, 9, 30)

Q2 = {"P1-01": RowInput("In uitvoering", "", "", "Anne", None),
      "P1-02": RowInput("Niet gestart")}
Q3 = {"P1-01": RowInput("Afgerond", "Q3 2024", "Klaar", "Anne", date(2024, 9, 1)),
      "P1-02": RowInput("Vertraagd", "", "Wacht op de politie"),
      "P1-03": RowInput("", "Q2 2024", "", "", None),
      "A-1.1-01": RowInput("Vervallen", "", "Niet meer nodig")}


def write_stand(programme, path, quarter, inputs):
    write_workbook(str(path), BuildSpec(programme, quarter=quarter, inputs=inputs, kind="stand"))
    return path


@pytest.fixture
def stands(mini, tmp_path):
    return [write_stand(mini, tmp_path / "stand-q3.xlsx", Quarter(2024, 3), Q3),
            write_stand(mini, tmp_path / "stand-q2.xlsx", Quarter(2024, 2), Q2)]


def test_exact_numbers_of_a_known_stand(mini):
    summary = compute_summary(mini, [StandPoint(Quarter(2024, 3), Q3, "stand")])
    assert summary.peildatum == Q3_END
    total = summary.total
    assert (total.activities, total.references, total.no_status, total.behind,
            total.no_update) == (4, 1, 1, 1, 0)
    assert total.per_status == {"Afgerond": 1, "Vertraagd": 1, "Vervallen": 1}
    assert total.share_finished == 0.25
    p1 = summary.per_section[0]
    assert (p1.key, p1.activities, p1.behind) == ("P1", 3, 1)
    assert p1.share_finished == pytest.approx(1 / 3)
    regies = {count.key: (count.activities, count.per_status) for count in summary.per_regie}
    assert regies == {"OOV": (3, {"Afgerond": 1, "Vervallen": 1}),
                      "Samenleven": (1, {}), "THV": (1, {"Vertraagd": 1})}
    ids = {key: [row.id for row in rows] for key, rows in summary.lists.items()}
    assert ids == {"conflicten": [], "achter_op_schema": ["P1-03"], "vertraagd": ["P1-02"],
                   "vervallen": ["A-1.1-01"], "afgerond_sinds_vorige_stand": [],
                   "zonder_update": [], "terugkerend": ["P1-02"],
                   "planning_onleesbaar": []}
    assert summary.lists["vertraagd"][0].toelichting == "Wacht op de politie"


def activity(planning: str) -> Activity:
    return Activity(id="X-01", section_key="P1", maatregel="x", planning_text=planning)


@pytest.mark.parametrize(
    ("planning", "status", "kwartaal", "peildatum", "behind", "recurring"),
    [
        ("Q1-Q2 2024", "In uitvoering", "", Q3_END, True, False),
        ("Q1-Q2 2024", "", "", Q3_END, True, False),
        ("Q1-Q2 2024", "Afgerond", "", Q3_END, False, False),
        ("Q1-Q2 2024", "Vervallen", "", Q3_END, False, False),
        ("Q1-Q2 2024", "Vertraagd", "", date(2024, 6, 30), False, False),
        ("Q1-Q2 2024", "Vertraagd", "", date(2024, 7, 1), True, False),
        ("Q1-Q2 2024", "In uitvoering", "Q4 2024", Q3_END, False, False),  # Kwartaal wins
        ("2025", "In uitvoering", "Q2 2024", Q3_END, True, False),
        ("2025", "In uitvoering", "", Q3_END, False, False),
        ("Doorlopend", "Niet gestart", "", date(2026, 1, 1), False, True),
        ("Indien nodig", "", "Q1 2024", date(2026, 1, 1), False, True),
        ("Jaarlijks", "", "", date(2026, 1, 1), False, True),
        ("2024 en verder", "", "", date(2026, 1, 1), False, True),
        ("2024 en verder", "", "Q2 2024", Q3_END, True, False),  # a chosen end counts
        ("2024 + 2025 indien nodig", "", "", date(2026, 1, 1), False, True),
        ("na de zomer", "", "", date(2026, 1, 1), False, False),
        ("", "", "", date(2026, 1, 1), False, False),
    ],
)
def test_behind_schedule_rules(planning, status, kwartaal, peildatum, behind, recurring):
    judged = assess(activity(planning), RowInput(status, kwartaal), peildatum, FINAL)
    assert (judged.behind, judged.recurring) == (behind, recurring)


def test_unreadable_planning_is_listed_not_guessed():
    judged = assess(activity("na de zomer"), RowInput(), date(2026, 1, 1), FINAL)
    assert judged.unreadable and judged.planned_end is None
    chosen = assess(activity("na de zomer"), RowInput(kwartaal="Q1 2025"), date(2026, 1, 1),
                    FINAL)
    assert not chosen.unreadable and chosen.behind


def test_trend_is_ordered_by_quarter_and_shows_what_changed(mini, stands):
    result = CliRunner().invoke(cli, ["summary", *map(str, stands), "--source",
                                      MINI, "--format", "json", "-o",
                                      str(stands[0].parent / "v.json")])
    assert result.exit_code == 0, result.output
    data = json.loads((stands[0].parent / "v.json").read_text(encoding="utf-8"))
    assert [point["kwartaal"] for point in data["trend"]["kwartalen"]] == ["Q2 2024", "Q3 2024"]
    assert data["trend"]["kwartalen"][0]["aantallen"]["In uitvoering"] == 1
    assert data["trend"]["veranderd"] == [
        {"id": "P1-01", "van": "In uitvoering", "naar": "Afgerond"},
        {"id": "P1-02", "van": "Niet gestart", "naar": "Vertraagd"},
        {"id": "A-1.1-01", "van": "", "naar": "Vervallen"}]
    assert [row["id"] for row in data["lijsten"]["afgerond_sinds_vorige_stand"]] == ["P1-01"]
    assert data["kwartaal"] == "Q3 2024" and data["peildatum"] == "2024-09-30"


def test_json_equals_the_library_model(mini, stands, tmp_path):
    target = tmp_path / "v.json"
    CliRunner().invoke(cli, ["summary", str(stands[0]), "--source", MINI,
                             "--format", "json", "-o", str(target), "--peildatum", "2024-08-15"])
    model = compute_summary(mini, [StandPoint(Quarter(2024, 3), Q3, "x")], date(2024, 8, 15))
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(render_json(model))


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]


def test_html_is_self_contained_and_parses(stands, tmp_path):
    target = tmp_path / "v.html"
    result = CliRunner().invoke(cli, ["summary", *map(str, stands), "--source",
                                      MINI, "-o", str(target)])
    assert result.exit_code == 0
    html = target.read_text(encoding="utf-8")
    parser = _Collector()
    parser.feed(html)
    assert "script" not in parser.tags and "link" not in parser.tags
    assert {"svg", "table", "style"} <= set(parser.tags)
    external = [a for a in parser.attributes if a[1] in ("src", "href")]
    assert external == []
    urls = set(re.findall(r"https?://[^\s\"'<>]+", html))
    assert urls == {"http://www.w3.org/2000/svg"}  # an XML namespace, never fetched
    assert "Wacht op de politie" in html and "@page" in html


def test_every_format_from_the_cli(stands, tmp_path):
    for file_format in ("xlsx", "html", "md", "csv", "json"):
        target = tmp_path / f"v.{file_format}"
        result = CliRunner().invoke(cli, ["summary", str(stands[0]), "--source",
                                          MINI, "--format", file_format,
                                          "-o", str(target)])
        assert result.exit_code == 0, (file_format, result.output)
        assert result.stderr == (f"Voortgang geschreven: {target} (4 activiteiten, 25% "
                                 "afgerond, 1 achter op schema, 0 meldingen)\n")
    rows = list(csv.reader(io.StringIO((tmp_path / "v.csv").read_text(encoding="utf-8-sig")),
                           delimiter=";"))
    assert rows[0][:6] == ["niveau", "sleutel", "naam", "activiteiten", "verwijzingen",
                           "geen status"]
    assert rows[-1] == ["totaal", "totaal", "Totaal", "4", "1", "1", "0", "0", "1", "1", "1",
                        "0,2500", "1", "0"]
    book = openpyxl.load_workbook(tmp_path / "v.xlsx")
    assert book.sheetnames[:3] == ["Samenvatting", "Conflicten", "Achter op schema"]
    assert len(book["Samenvatting"]._charts) == 1
    markdown = (tmp_path / "v.md").read_text(encoding="utf-8")
    assert "| **Totaal** | 4 | 1 | 0 | 0 | 1 | 1 | 1 | 25% | 1 | 0 |" in markdown


def test_summary_straight_from_returns_shows_the_merge_findings(mini, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    fill(handed_out(mini), folder / "a.xlsx", {("P1-01", "status"): "Afgerond",
                                               ("P1-02", "status"): "bijna klaar"})
    target = tmp_path / "v.json"
    result = CliRunner().invoke(cli, ["summary", str(folder), "--source", MINI,
                                      "--format", "json", "-o", str(target)])
    assert result.exit_code == 1  # written, but a return had an error
    assert "'bijna klaar' is geen geldige status" in result.stderr
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["totaal"]["per_status"] == {"Afgerond": 1}
    assert [f["kind"] for f in data["meldingen"]] == ["retour-status-onbekend"]


def test_nothing_readable_is_an_error_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # files are named relative to the current folder
    Path("kapot.xlsx").write_bytes(b"geen werkmap")
    result = CliRunner().invoke(cli, ["summary", "kapot.xlsx", "-o", "v.html"])
    assert result.exit_code == 1
    assert result.stderr == ("Fout: geen stand of ingevulde werkmap kunnen lezen: kapot.xlsx: "
                             "geen Excel-werkmap (het bestand is geen xlsx)\n")
    assert not (tmp_path / "v.html").exists()


def test_bad_peildatum_is_a_usage_error(stands):
    result = CliRunner().invoke(cli, ["summary", str(stands[0]), "--peildatum", "31-09-2024",
                                      "--source", MINI])
    assert (result.exit_code, result.stderr) == (
        2, "Fout: --peildatum '31-09-2024' is geen datum; schrijf bijvoorbeeld 30-09-2024 of "
           "2024-09-30\n")


def test_a_value_carried_over_from_last_quarter_is_not_an_update(mini, tmp_path):
    first = tmp_path / "q3"
    first.mkdir()
    fill(handed_out(mini), first / "a.xlsx", {("P1-01", "status"): "In uitvoering",
                                              ("P1-02", "status"): "Afgerond"})
    stand_q3 = tmp_path / "stand-q3.xlsx"
    merge_returns([first], mini).write(stand_q3)
    second = tmp_path / "q4"
    second.mkdir()
    book = io.BytesIO()
    write_workbook(book, BuildSpec(mini, quarter=Quarter(2024, 4),
                                   inputs=read_base(stand_q3, mini)))
    fill(book.getvalue(), second / "a.xlsx", {("P1-01", "status"): "Afgerond"})
    stand_q4 = tmp_path / "stand-q4.xlsx"
    merge_returns([second], mini, base_path=stand_q3).write(stand_q4)
    target = tmp_path / "v.json"
    CliRunner().invoke(cli, ["summary", str(stand_q3), str(stand_q4), "--source",
                             MINI, "--format", "json", "-o", str(target)])
    data = json.loads(target.read_text(encoding="utf-8"))
    # P1-02 still says Afgerond, carried over from Q3: nobody updated it in Q4.
    assert [row["id"] for row in data["lijsten"]["zonder_update"]] == ["P1-02", "P1-03",
                                                                      "A-1.1-01"]
