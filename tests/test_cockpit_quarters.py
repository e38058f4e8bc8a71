"""The cockpit over two quarters: Q4 starts from Q3's stand, and Voortgang shows both."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import MINI_SOURCE
from tests.helpers import cockpit as quarter_play
from tests.helpers.returns import column_of, find_row, tab_of
from tests.test_cockpit import SHORT, get, notice_after, open_client, page, post, text_of
from uvp_excel.cockpit.steps import Cockpit

Q3, Q4 = "Q3-2024", "Q4-2024"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    return tmp_path / "MAP"


@pytest.fixture
def browser(work: Path):
    """A browser that has opened the cockpit of the small test programme."""
    return open_client(Cockpit(work, MINI_SOURCE))


def upload_to(client, slug: str, paths: list[Path]):
    files = [(io.BytesIO(path.read_bytes()), path.name) for path in paths]
    return post(client, f"/{slug}/retouren", {"bestanden": files},
                content_type="multipart/form-data")


def play(client, work: Path, slug: str, edits: dict[str, dict[tuple[str, str], str]],
         tmp_path: Path) -> None:
    """Hand out per regie for ``slug``, return the workbooks of ``edits`` (regie: what is
    typed) filled in, merge."""
    notice_after(client, post(client, f"/{slug}/uitdelen", {"soort": "regie"}))
    (tmp_path / slug).mkdir()
    returns = [quarter_play.fill((work / slug / "uitdelen" / f"{SHORT}-{regie}.xlsx").read_bytes(),
                                 tmp_path / slug / f"{SHORT}-{regie}.xlsx", typed)
               for regie, typed in edits.items()]
    notice_after(client, upload_to(client, slug, returns))
    notice_after(client, post(client, f"/{slug}/samenvoegen"))


def cell(path: Path, activity_id: str, field: str) -> object:
    """What the workbook at ``path`` shows in the ``field`` cell of ``activity_id``."""
    book = openpyxl.load_workbook(path)
    sheet = tab_of(book, activity_id)
    return sheet.cell(find_row(sheet, activity_id), column_of(field)).value


def test_q4_is_handed_out_with_what_was_typed_in_q3(browser, work, tmp_path):
    play(browser, work, Q3, {"OOV": {("P1-01", "status"): "Afgerond",
                                     ("P1-01", "toelichting"): "Beleid vastgesteld."},
                             "THV": {("P1-02", "status"): "Vertraagd"}}, tmp_path)
    html = notice_after(browser, post(browser, f"/{Q4}/uitdelen", {"soort": "regie"}))
    assert f", vooraf ingevuld met {SHORT}-stand-{Q3}.xlsx. Alles als zip" in text_of(html)
    handout = work / Q4 / "uitdelen"
    assert cell(handout / f"{SHORT}-OOV.xlsx", "P1-01", "status") == "Afgerond"
    assert cell(handout / f"{SHORT}-OOV.xlsx", "P1-01", "toelichting") == "Beleid vastgesteld."
    assert cell(handout / f"{SHORT}-THV.xlsx", "P1-02", "status") == "Vertraagd"
    # What nobody typed stays empty, in both workbooks that hold the shared row P1-03.
    assert cell(handout / f"{SHORT}-OOV.xlsx", "P1-03", "status") is None
    assert cell(handout / f"{SHORT}-Samenleven.xlsx", "P1-03", "status") is None
    # The Q3 workbooks were handed out empty: the values come from the stand, not from Q3.
    assert cell(work / Q3 / "uitdelen" / f"{SHORT}-OOV.xlsx", "P1-01", "status") is None



def test_voortgang_shows_the_trend_over_both_stands(browser, work, tmp_path):
    play(browser, work, Q3, {"OOV": {("P1-01", "status"): "Afgerond"}}, tmp_path)
    play(browser, work, Q4, {"THV": {("P1-02", "status"): "Vertraagd"},
                             "Samenleven": {("P1-03", "status"): "In uitvoering"}}, tmp_path)
    text = text_of(page(browser, f"/{Q4}/voortgang"))
    assert ("Verloop over de kwartalen Q3 2024 Geen status: 3 Q3 2024 Afgerond: 1 Q3 2024 "
            "Q4 2024 Geen status: 1 Q4 2024 In uitvoering: 1 Q4 2024 Vertraagd: 1 Q4 2024 "
            "Afgerond: 1 Q4 2024 ") in text  # the chart's bars, with their titles
    assert ("Kwartaal Geen status Niet gestart In uitvoering Vertraagd Afgerond Vervallen "
            "Q3 2024 3 0 0 0 1 0 Q4 2024 1 0 1 1 1 0 Veranderd sinds de vorige stand (2) "
            "ID Was Nu P1-02 geen status Vertraagd P1-03 geen status In uitvoering ") in text
    trend = json.loads(get(browser, f"/{Q4}/voortgang.json").data)["trend"]["kwartalen"]
    statuses = ["Niet gestart", "In uitvoering", "Vertraagd", "Afgerond", "Vervallen"]
    assert trend == [
        {"kwartaal": "Q3 2024", "geen_status": 3,
         "aantallen": dict(zip(statuses, [0, 0, 0, 1, 0], strict=True))},
        {"kwartaal": "Q4 2024", "geen_status": 1,
         "aantallen": dict(zip(statuses, [0, 1, 1, 1, 0], strict=True))}]
    # Q3's own page stops at Q3: one stand, no trend.
    assert "Verloop over de kwartalen" not in text_of(page(browser, f"/{Q3}/voortgang"))


def test_voortgang_follows_a_stand_taken_out_of_the_folder_by_hand(browser, work, tmp_path):
    """The README lets the AOV move files in and out of the folders: a report made before
    must not keep showing a stand that is no longer there."""
    play(browser, work, Q3, {"OOV": {("P1-01", "status"): "Afgerond"}}, tmp_path)
    play(browser, work, Q4, {"THV": {("P1-02", "status"): "Vertraagd"}}, tmp_path)
    assert "Verloop over de kwartalen" in text_of(page(browser, f"/{Q4}/voortgang"))
    report = work / Q4 / f"{SHORT}-voortgang-{Q4}.html"
    made = report.stat().st_mtime_ns
    page(browser, f"/{Q4}/voortgang")
    assert report.stat().st_mtime_ns == made  # nothing changed: not made again
    stand = work / Q3 / f"{SHORT}-stand-{Q3}.xlsx"
    stand.rename(tmp_path / "weg.xlsx")
    assert "Verloop over de kwartalen" not in text_of(page(browser, f"/{Q4}/voortgang"))
    (tmp_path / "weg.xlsx").rename(stand)  # back, with its old time (as from a back-up)
    assert "Verloop over de kwartalen" in text_of(page(browser, f"/{Q4}/voortgang"))
