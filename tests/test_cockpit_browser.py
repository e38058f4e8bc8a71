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


def test_a_refused_upload_says_why_in_the_page(chromium, server, tmp_path):
    """The script sends the upload itself; when the cockpit refuses it (here: a form from an
    earlier start of the server), the reason must show, not a silent reload of the page."""
    guard, work = server
    context = chromium.new_context()
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(guard.address())
    page.goto(f"http://127.0.0.1:{guard.port}/Q3-2024/retouren")
    guard.csrf = "na-een-herstart"  # the form on the screen carries the old form token
    upload = tmp_path / "thv.xlsx"
    upload.write_bytes(b"ingevuld")
    page.set_input_files("input#bestanden", [str(upload)])
    page.click("text=Uploaden en controleren")
    alert = page.wait_for_selector("[role=alert]")
    assert alert.inner_text() == ("Dit formulier is verlopen of komt niet uit de cockpit. Laad "
                                  "de pagina opnieuw en probeer het nog eens.")
    button = page.locator("form[data-upload] button")
    assert button.inner_text() == "Uploaden en controleren" and button.is_enabled()
    assert not (work / "Q3-2024" / "retouren").exists()
    # Only the refused request itself is logged: no script error, nothing blocked by the CSP.
    assert console == ["Failed to load resource: the server responded with a status of 403 "
                       "(FORBIDDEN)"]
    context.close()


def hand_out_q3(chromium, guard, viewport: dict) -> tuple:
    """Open the cockpit with its token in a window of ``viewport`` and hand out Q3 2024."""
    context = chromium.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(guard.address())
    address = f"http://127.0.0.1:{guard.port}/Q3-2024"
    page.goto(f"{address}/uitdelen")
    page.click("text=Maak de werkmappen")
    page.wait_for_selector("text=3 werkmappen gemaakt voor Q3 2024")
    return context, page, address


def upload(page, address: str, returns: list) -> None:
    """Upload ``returns`` on the Retouren page and wait for the checks."""
    page.goto(f"{address}/retouren")
    page.set_input_files("input#bestanden", [str(path) for path in returns])
    page.click("text=Uploaden en controleren")
    page.wait_for_selector(".meldingen")


def merge(page, address: str) -> None:
    """Merge the quarter on the Samenvoegen page and wait for the Importverslag."""
    page.goto(f"{address}/samenvoegen")
    page.click("text=Voeg samen")
    page.wait_for_selector(".meldingen")


def test_every_page_fits_a_narrow_window(chromium, server, tmp_path):
    """At 400 px nothing makes the page scroll sideways: wide tables scroll in their own box,
    long file names wrap (also in the notice after an upload)."""
    guard, work = server
    context, page, address = hand_out_q3(chromium, guard, {"width": 400, "height": 800})
    returns = quarter_play.fill_returns(work / "Q3-2024" / "uitdelen", tmp_path / "ingevuld")
    long_name = returns[0].with_name("OOV-" + "terugmelding" * 9 + ".xlsx")
    returns[0].rename(long_name)
    upload(page, address, [long_name, *returns[1:]])
    wide = {"retouren met melding": page.evaluate("document.documentElement.scrollWidth")}
    merge(page, address)
    for path in ["/", "/uitdelen", "/retouren", "/samenvoegen", "/voortgang"]:
        page.goto(address + path)
        wide[path] = page.evaluate("document.documentElement.scrollWidth")
    for path in ["/budget", "/programma"]:
        page.goto(f"http://127.0.0.1:{guard.port}{path}")
        wide[path] = page.evaluate("document.documentElement.scrollWidth")
    heiloo, heiloo_guard = start_server(tmp_path / "HEILOO", None, 0)  # its wide budget tables
    threading.Thread(target=heiloo.serve_forever, daemon=True).start()
    try:
        page.goto(heiloo_guard.address())
        for path in ["/budget", "/programma"]:
            page.goto(f"http://127.0.0.1:{heiloo_guard.port}{path}")
            wide[f"Heiloo {path}"] = page.evaluate("document.documentElement.scrollWidth")
    finally:
        heiloo.shutdown()
        heiloo.server_close()
    assert {path: width for path, width in wide.items() if width > 400} == {}
    context.close()


def test_the_voortgang_page_keeps_the_cockpits_width(chromium, server, tmp_path):
    """The report's own styles are for A4 (190 mm): on a 1366 px screen the cockpit's bar
    wrapped there and the tables stuck out of the column."""
    guard, work = server
    context, page, address = hand_out_q3(chromium, guard, {"width": 1366, "height": 768})
    upload(page, address,
           quarter_play.fill_returns(work / "Q3-2024" / "uitdelen", tmp_path / "ingevuld"))
    merge(page, address)
    bar_height = "document.querySelector('.balk-nav').getBoundingClientRect().height"
    page.goto(f"{address}/")
    start_bar = page.evaluate(bar_height)
    page.goto(f"{address}/voortgang")
    assert page.evaluate(bar_height) < 1.5 * start_bar  # one line, as on Start
    sticking_out = page.evaluate("""() => {
        const column = document.querySelector('h1').getBoundingClientRect().right;
        return [...document.querySelectorAll('table')]
            .filter((table) => table.getBoundingClientRect().right > column + 1).length; }""")
    assert sticking_out == 0
    context.close()
