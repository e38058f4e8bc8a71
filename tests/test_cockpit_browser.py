"""One quarter in a real browser: Debian's Chromium, driven by Playwright, against a real server.

Open with the token, hand out, download the workbooks, fill them in, upload three returns (one
with an error), see the error line, merge, see the conflict, download the stand, open Voortgang —
with JavaScript (drag-and-drop form, progress bar) and once without.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

import uvp_excel as uvp
from tests.conftest import MINI_SOURCE
from tests.helpers import cockpit as quarter_play
from uvp_excel.cockpit.server import start_server

pytestmark = pytest.mark.browser
SHORT = "uvp-proefdorp-2024-2025"


@pytest.fixture(scope="module")
def chromium():
    """A headless Chromium under Playwright; skips without one, but fails under CI."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415 - optional here
    except ImportError:
        sync_playwright = None
    if not path or sync_playwright is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Chromium of Playwright ontbreekt onder CI; .ci/run moet ze installeren")
        pytest.skip("Chromium (Debian: apt-get install chromium) of playwright ontbreekt")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path,
                                             args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.fixture
def server(tmp_path: Path):
    server, guard = start_server(tmp_path / "MAP", MINI_SOURCE, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield guard, tmp_path / "MAP"
    server.shutdown()
    server.server_close()


def test_one_quarter_in_the_browser(chromium, server, tmp_path):
    guard, _ = server
    context = chromium.new_context(viewport={"width": 1366, "height": 768},
                                   accept_downloads=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(guard.address())
    assert page.url == f"http://127.0.0.1:{guard.port}/"  # the token left the address bar
    page.click("summary")
    page.click("text=Q3 2024")
    page.click("nav >> text=Uitdelen")
    page.click("text=Maak de werkmappen")
    page.wait_for_selector("text=3 werkmappen gemaakt voor Q3 2024")

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    for team in ("OOV", "Samenleven", "THV"):
        with page.expect_download() as download:
            page.click(f"a:text-is('{SHORT}-{team}.xlsx')")
        download.value.save_as(downloads / download.value.suggested_filename)
    returns = quarter_play.fill_returns(downloads, tmp_path / "ingevuld")

    page.click("nav >> text=Retouren")
    page.set_input_files("input#bestanden", [str(path) for path in returns])
    page.click("text=Uploaden en controleren")
    page.wait_for_selector(f"text={SHORT}-THV.xlsx: ontvangen en gecontroleerd — 1 fout, "
                           "0 waarschuwingen")
    assert page.locator(f"li:text-is(\"{quarter_play.THV_ERROR}\")").count() == 2  # notice, list
    assert "nog niet" not in page.inner_text("main")

    page.click("nav >> text=Samenvoegen")
    page.click("text=Voeg samen")
    page.wait_for_selector("text=Conflicten (1)")
    conflict = page.inner_text("table.conflicten")
    assert "P1-03" in conflict and "In uitvoering" in conflict and "Vertraagd" in conflict
    assert f"{SHORT}-Samenleven.xlsx › P1 Ondermijning › H3" in conflict
    with page.expect_download() as download:
        page.click("text=Download de stand")
    stand = tmp_path / download.value.suggested_filename
    download.value.save_as(stand)
    assert stand.name == f"{SHORT}-stand-Q3-2024.xlsx"
    assert uvp.summarise(uvp.load_programme(MINI_SOURCE), [stand]).total.per_status == {
        "Afgerond": 1}

    page.click("nav >> text=Voortgang")
    page.wait_for_selector("h1:text('Voortgang uitvoeringsprogramma integrale veiligheid')")
    assert page.locator("svg").count() >= 1
    assert problems == []  # no script error, no blocked style or script (CSP)
    context.close()


def test_the_upload_works_without_javascript(chromium, server, tmp_path):
    guard, work = server
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(guard.address())
    page.goto(f"http://127.0.0.1:{guard.port}/Q3-2024/uitdelen")
    page.click("text=Maak de werkmappen")
    page.wait_for_selector("text=3 werkmappen gemaakt voor Q3 2024")
    returns = quarter_play.fill_returns(work / "Q3-2024" / "uitdelen", tmp_path / "ingevuld")
    page.goto(f"http://127.0.0.1:{guard.port}/Q3-2024/retouren")
    page.set_input_files("input#bestanden", [str(returns[2])])
    page.click("text=Uploaden en controleren")
    page.wait_for_selector(f"li:text-is(\"{quarter_play.THV_ERROR}\")")
    page.set_input_files("input#bestanden", [str(returns[2])])
    page.click("text=Uploaden en controleren")
    page.wait_for_selector(f"text={SHORT}-THV.xlsx: hetzelfde bestand als '{SHORT}-THV.xlsx'")
    context.close()
